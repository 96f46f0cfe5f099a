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
        Output out = open(plan, directory);
        for (DerivedSlice slice : plan.slices()) {
            out.write(slice.index(), slice.isAcquired() ? null : thin.slice(slice.index()));
        }
        return out.finish();
    }

    /** A series written slice by slice as synthesis produces them: nothing but the slice in hand is held. */
    public Output open(DerivedSeriesPlan plan, Path directory) throws IOException {
        Files.createDirectories(directory);
        return new Output(plan, directory);
    }

    /** One derived series being written, every slice in index order. */
    public final class Output {

        private final DerivedSeriesPlan plan;
        private final Path directory;
        private final List<Path> files;

        private Output(DerivedSeriesPlan plan, Path directory) {
            this.plan = plan;
            this.directory = directory;
            this.files = new ArrayList<>(plan.slices().size());
        }

        /**
         * Writes slice {@code index}: an acquired one from the source's stored values (bit-exact, {@code hu} unused),
         * a synthesised one quantised from {@code hu} ((y, x) HU).
         */
        public void write(int index, float[] hu) throws IOException {
            if (index != files.size()) {
                throw new IllegalStateException("slice " + index + " out of order, expected " + files.size());
            }
            DerivedSlice slice = plan.slices().get(index);
            Path file = directory.resolve(String.format("%05d.dcm", slice.instanceNumber()));
            if (slice.isAcquired()) {
                SliceHeader a = slice.acquired();
                instanceWriter.write(plan, slice, sourcePixels.storedValues(a), a.rescaleSlope(), a.rescaleIntercept(), file);
            } else {
                SliceHeader ref = plan.reference();
                instanceWriter.write(plan, slice, quantise(hu, ref), ref.rescaleSlope(), ref.rescaleIntercept(), file);
            }
            files.add(file);
        }

        /** @return the written files, in instance order; fails unless every planned slice was written */
        public List<Path> finish() {
            if (files.size() != plan.slices().size()) {
                throw new IllegalStateException(files.size() + " slices written, plan " + plan.slices().size());
            }
            return List.copyOf(files);
        }
    }

    /** HU to stored values of {@code ref}'s format, rounded and clipped to what Bits Stored can hold. */
    static short[] quantise(Volume volume, int sliceIndex, SliceHeader ref) {
        return quantise(volume.slice(sliceIndex), ref);
    }

    static short[] quantise(float[] v, SliceHeader ref) {
        int size = v.length;
        int offset = 0;
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
