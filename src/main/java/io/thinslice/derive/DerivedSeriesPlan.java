package io.thinslice.derive;

import io.thinslice.volume.SliceHeader;
import io.thinslice.volume.SliceStack;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Everything series-level about a derived series, decided before any instance is written.
 *
 * @param source                the validated source stack
 * @param seriesInstanceUid     the new Series Instance UID
 * @param seriesNumber          Series Number
 * @param seriesDescription     Series Description
 * @param derivationDescription Derivation Description: method, version, source and target spacing
 * @param softwareVersions      Software Versions values: ThinSlice version and model version
 * @param factor                refinement factor along the slice normal
 * @param sliceSpacing          centre-to-centre spacing of the new series, mm
 * @param created               when the derived pixels were made (Content and Instance Creation Date/Time)
 * @param slices                the instances, in spatial order
 */
public record DerivedSeriesPlan(SliceStack source, String seriesInstanceUid, int seriesNumber, String seriesDescription,
                                String derivationDescription, List<String> softwareVersions, int factor,
                                double sliceSpacing, LocalDateTime created, List<DerivedSlice> slices) {

    public DerivedSeriesPlan {
        softwareVersions = List.copyOf(softwareVersions);
        slices = List.copyOf(slices);
    }

    /** Lossy Image Compression is never reset: 01 if any source slice was lossy. */
    public boolean lossy() {
        return source.slices().stream().anyMatch(SliceHeader::lossyCompressed);
    }

    /** The source slice whose rescale and pixel format synthesised slices follow. */
    public SliceHeader reference() {
        return source.first();
    }
}
