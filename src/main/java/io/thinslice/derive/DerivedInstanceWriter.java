package io.thinslice.derive;

import java.io.IOException;
import java.nio.file.Path;

/** Writes one derived instance as a Part 10 file (the DICOM adapter implements it). */
public interface DerivedInstanceWriter {

    /**
     * @param stored    stored pixel values, (y, x), in the pixel format of {@link DerivedSeriesPlan#reference()}
     * @param slope     Rescale Slope that turns {@code stored} into HU
     * @param intercept Rescale Intercept
     */
    void write(DerivedSeriesPlan plan, DerivedSlice slice, short[] stored, double slope, double intercept, Path file) throws IOException;

    /**
     * Writes one instance of an uncertainty series ({@link UncertaintySeries}): {@code stored} are unsigned 16-bit
     * values, HU = stored · {@link UncertaintySeries#SLOPE}.
     */
    void writeUncertainty(UncertaintySeries series, DerivedSlice slice, short[] stored, Path file) throws IOException;
}
