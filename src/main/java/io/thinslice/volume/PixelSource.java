package io.thinslice.volume;

import java.io.IOException;

/** Reads the stored pixel values of one single-frame, 16-bit slice, (y, x) order, exactly as stored. */
@FunctionalInterface
public interface PixelSource {
    short[] storedValues(SliceHeader slice) throws IOException;
}
