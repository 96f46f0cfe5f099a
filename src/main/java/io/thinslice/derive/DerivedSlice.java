package io.thinslice.derive;

import io.thinslice.volume.SliceHeader;
import java.util.List;

/**
 * One instance of the derived series.
 *
 * @param index          0-based position in spatial order
 * @param sopInstanceUid its new SOP Instance UID
 * @param position       Image Position (Patient), LPS mm
 * @param sliceLocation  Slice Location, mm: the position projected on the slice normal
 * @param acquired       the source slice it reproduces bit for bit, or null when synthesised
 * @param sources        the acquired slices it was made from (Source Image Sequence)
 */
public record DerivedSlice(int index, String sopInstanceUid, double[] position, double sliceLocation,
                           SliceHeader acquired, List<SliceHeader> sources) {

    public int instanceNumber() {
        return index + 1;
    }

    public boolean isAcquired() {
        return acquired != null;
    }
}
