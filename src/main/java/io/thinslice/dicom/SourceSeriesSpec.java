package io.thinslice.dicom;

import io.thinslice.derive.DerivedUids;
import java.time.LocalDateTime;
import java.util.List;

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
 * @param imageType           Image Type values (ORIGINAL\PRIMARY\AXIAL unless a study needs another, e.g. a localizer)
 * @param convolutionKernel   Convolution Kernel, or null to leave it out
 * @param protocolName        Protocol Name, or null to leave it out
 */
public record SourceSeriesSpec(String patientName, String patientId, String studyInstanceUid, String seriesInstanceUid,
                               String frameOfReferenceUid, int seriesNumber, String seriesDescription, String studyDescription,
                               int pixelRepresentation, LocalDateTime acquired, List<String> imageType, String convolutionKernel,
                               String protocolName) {

    public SourceSeriesSpec {
        imageType = List.copyOf(imageType);
    }

    /** A spec whose UIDs are name-based on {@code key}, so the same key always gives the same study. */
    public static SourceSeriesSpec named(String key, String patientName, String seriesDescription, int seriesNumber, int pixelRepresentation) {
        return new SourceSeriesSpec(patientName, "TS-" + Integer.toUnsignedString(key.hashCode(), 36).toUpperCase(),
                DerivedUids.fromName("study/" + key), DerivedUids.fromName("series/" + key + "/" + seriesDescription),
                DerivedUids.fromName("for/" + key), seriesNumber, seriesDescription, "ThinSlice test study",
                pixelRepresentation, LocalDateTime.of(2026, 1, 15, 9, 30, 0), List.of("ORIGINAL", "PRIMARY", "AXIAL"), null, null);
    }

    /** The same study and frame of reference, another series. */
    public SourceSeriesSpec withSeries(String description, int number) {
        return new SourceSeriesSpec(patientName, patientId, studyInstanceUid,
                DerivedUids.fromName("series/" + seriesInstanceUid + "/" + description), frameOfReferenceUid, number, description,
                studyDescription, pixelRepresentation, acquired, imageType, convolutionKernel, protocolName);
    }

    /** The same series with other Image Type values. */
    public SourceSeriesSpec withImageType(String... values) {
        return new SourceSeriesSpec(patientName, patientId, studyInstanceUid, seriesInstanceUid, frameOfReferenceUid, seriesNumber,
                seriesDescription, studyDescription, pixelRepresentation, acquired, List.of(values), convolutionKernel, protocolName);
    }

    /** The same series with a Convolution Kernel and a Protocol Name (null: left out). */
    public SourceSeriesSpec withReconstruction(String kernel, String protocol) {
        return new SourceSeriesSpec(patientName, patientId, studyInstanceUid, seriesInstanceUid, frameOfReferenceUid, seriesNumber,
                seriesDescription, studyDescription, pixelRepresentation, acquired, imageType, kernel, protocol);
    }
}
