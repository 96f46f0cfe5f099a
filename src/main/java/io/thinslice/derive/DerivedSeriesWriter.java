package io.thinslice.derive;

import io.thinslice.volume.PixelSource;
import io.thinslice.volume.SliceHeader;
import io.thinslice.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a planned derived series one instance at a time, so the whole output never sits in memory as DICOM.
 * Acquired slices are copied from the source's stored values (bit-exact, with their own rescale); synthesised
 * slices are quantised into the reference slice's pixel format and rescale.
 */
public final class DerivedSeriesWriter {

    private final DerivedInstanceWriter instanceWriter;
    private final PixelSource sourcePixels;

    public DerivedSeriesWriter(DerivedInstanceWriter instanceWriter, PixelSource sourcePixels) {
        this.instanceWriter = instanceWriter;
        this.sourcePixels = sourcePixels;
    }

    /** @return the written files, in instance order */
    public List<Path> write(DerivedSeriesPlan plan, Volume thin, Path directory) throws IOException {
        if (thin.slices() != plan.slices().size()) {
            throw new IllegalArgumentException("volume has " + thin.slices() + " slices, plan " + plan.slices().size());
        }
        Files.createDirectories(directory);
        SliceHeader ref = plan.reference();
        List<Path> files = new ArrayList<>(plan.slices().size());
        for (DerivedSlice slice : plan.slices()) {
            Path file = directory.resolve(String.format("%05d.dcm", slice.instanceNumber()));
            if (slice.isAcquired()) {
                SliceHeader a = slice.acquired();
                instanceWriter.write(plan, slice, sourcePixels.storedValues(a), a.rescaleSlope(), a.rescaleIntercept(), file);
            } else {
                instanceWriter.write(plan, slice, quantise(thin, slice.index(), ref), ref.rescaleSlope(), ref.rescaleIntercept(), file);
            }
            files.add(file);
        }
        return files;
    }

    /** HU to stored values of {@code ref}'s format, rounded and clipped to what Bits Stored can hold. */
    static short[] quantise(Volume volume, int sliceIndex, SliceHeader ref) {
        int size = volume.sliceSize();
        float[] v = volume.voxels();
        int offset = sliceIndex * size;
        short[] out = new short[size];
        int min = ref.minStored();
        int max = ref.maxStored();
        double slope = ref.rescaleSlope();
        double intercept = ref.rescaleIntercept();
        for (int i = 0; i < size; i++) {
            double hu = v[offset + i];
            long stored = Double.isNaN(hu) ? Math.round(-intercept / slope) : Math.round((hu - intercept) / slope);
            out[i] = (short) Math.max(min, Math.min(max, stored));
        }
        return out;
    }
}
