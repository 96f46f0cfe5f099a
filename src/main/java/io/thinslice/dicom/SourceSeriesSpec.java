package io.thinslice.dicom;

import io.thinslice.derive.DerivedUids;
import java.time.LocalDateTime;

/**
 * Identity and pixel format of an original CT series written from a volume (test and demo studies).
 *
 * @param patientName         Patient's Name (PN, e.g. {@code Phantom^Thick})
 * @param patientId           Patient ID
 * @param studyInstanceUid    Study Instance UID
 * @param seriesInstanceUid   Series Instance UID
 * @param frameOfReferenceUid Frame of Reference UID
 * @param seriesNumber        Series Number
 * @param seriesDescription   Series Description
 * @param studyDescription    Study Description
 * @param pixelRepresentation 0: unsigned with intercept -1024 and 12 bits stored; 1: signed 16 bits, intercept 0
 * @param acquired            Study/Series/Acquisition date and time
 */
public record SourceSeriesSpec(String patientName, String patientId, String studyInstanceUid, String seriesInstanceUid,
                               String frameOfReferenceUid, int seriesNumber, String seriesDescription, String studyDescription,
                               int pixelRepresentation, LocalDateTime acquired) {

    /** A spec whose UIDs are name-based on {@code key}, so the same key always gives the same study. */
    public static SourceSeriesSpec named(String key, String patientName, String seriesDescription, int seriesNumber, int pixelRepresentation) {
        return new SourceSeriesSpec(patientName, "TS-" + Integer.toUnsignedString(key.hashCode(), 36).toUpperCase(),
                DerivedUids.fromName("study/" + key), DerivedUids.fromName("series/" + key + "/" + seriesDescription),
                DerivedUids.fromName("for/" + key), seriesNumber, seriesDescription, "ThinSlice test study",
                pixelRepresentation, LocalDateTime.of(2026, 1, 15, 9, 30, 0));
    }

    /** The same study and frame of reference, another series. */
    public SourceSeriesSpec withSeries(String description, int number) {
        return new SourceSeriesSpec(patientName, patientId, studyInstanceUid,
                DerivedUids.fromName("series/" + seriesInstanceUid + "/" + description), frameOfReferenceUid, number, description,
                studyDescription, pixelRepresentation, acquired);
    }
}
