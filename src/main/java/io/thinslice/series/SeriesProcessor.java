package io.thinslice.series;

import io.thinslice.derive.DerivedSeriesPlan;
import io.thinslice.derive.DerivedSeriesPlanner;
import io.thinslice.derive.DerivedSeriesSettings;
import io.thinslice.derive.DerivedSeriesWriter;
import io.thinslice.derive.DerivedSlice;
import io.thinslice.dicom.DerivedInstanceFileWriter;
import io.thinslice.dicom.InstanceReader;
import io.thinslice.synthesis.FactorChoice;
import io.thinslice.synthesis.Interpolator;
import io.thinslice.synthesis.SliceSink;
import io.thinslice.synthesis.SynthesisOutcome;
import io.thinslice.volume.SeriesRefusedException;
import io.thinslice.volume.SliceHeader;
import io.thinslice.volume.SliceStack;
import io.thinslice.volume.ThickSimulation;
import io.thinslice.volume.SpooledSeries;
import io.thinslice.volume.ThickSeries;
import io.thinslice.volume.VolumeBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the stages on one complete series: headers → validated stack → HU slabs read from the files → interpolation →
 * derived series on disk. Synchronous and free of threads, so it is driven directly in tests.
 */
public final class SeriesProcessor {

    /**
     * @param derivedSeriesUid the new Series Instance UID
     * @param instances        SOP Instance UID → written file, in instance order
     * @param synthesisMillis  time spent in the interpolator
     * @param derivedBy        the method that made the new slices and its version (the configured one, or the one a
     *                         per-series guard chose)
     * @param synthesis        how it was chosen (choice, estimates), empty for methods that do not choose
     * @param factor           the factor the series was refined by (fixed, or chosen from its spacing)
     */
    public record Result(String derivedSeriesUid, Map<String, Path> instances, long synthesisMillis, String derivedBy,
                         Map<String, String> synthesis, int factor) {
    }

    private final Interpolator interpolator;
    private final FactorChoice factors;
    private final DerivedSeriesSettings settings;
    private final String aeTitle;
    private final DerivedFolders derived;
    /** Most instances in a series that goes through synthesis ({@code thinslice.limits.max-slices}). */
    private final int maxSlices;

    public SeriesProcessor(Interpolator interpolator, int factor, DerivedSeriesSettings settings, String aeTitle, DerivedFolders derived) {
        this(interpolator, factor, settings, aeTitle, derived, Integer.MAX_VALUE);
    }

    public SeriesProcessor(Interpolator interpolator, int factor, DerivedSeriesSettings settings, String aeTitle, DerivedFolders derived,
                           int maxSlices) {
        this(interpolator, FactorChoice.fixed(factor), settings, aeTitle, derived, maxSlices);
    }

    /** @param factors the node's factor, or the target spacing each series' factor is chosen from */
    public SeriesProcessor(Interpolator interpolator, FactorChoice factors, DerivedSeriesSettings settings, String aeTitle,
                           DerivedFolders derived, int maxSlices) {
        if (maxSlices < 1) {
            throw new IllegalArgumentException("thinslice.limits.max-slices must be at least 1, was " + maxSlices);
        }
        this.maxSlices = maxSlices;
        this.interpolator = interpolator;
        this.factors = factors;
        this.settings = settings;
        this.aeTitle = aeTitle;
        this.derived = derived;
    }

    public Result process(List<Path> files) throws SeriesRefusedException, IOException {
        return process(files, () -> false);
    }

    /**
     * As {@link #process(List)}, giving up (an {@link java.io.InterruptedIOException}, nothing published) at the next
     * slice once {@code cancelled} says so: a cluster node that lost its lease on the job stops working on it.
     */
    public Result process(List<Path> files, java.util.function.BooleanSupplier cancelled) throws SeriesRefusedException, IOException {
        List<SliceHeader> headers = new ArrayList<>(files.size());
        for (Path f : files) {
            headers.add(InstanceReader.readHeader(f));
        }
        SliceStack stack = VolumeBuilder.validate(headers); // first: a series not ours to process is ignored, whatever its size
        int factor;
        try {
            factor = factors.forSpacing(stack.geometry().sliceSpacing());
        } catch (FactorChoice.Unsuitable e) {
            throw SeriesRefusedException.ignored(e.getMessage());
        }
        if (files.size() > maxSlices) {
            // Before any pixel is read: the received instances stay as they are, and a retry after the limit is
            // raised derives the series.
            throw SeriesRefusedException.failed("the series has " + files.size() + " instances; thinslice.limits.max-slices is " + maxSlices);
        }
        InstanceReader pixels = new InstanceReader();
        // Not loaded whole: synthesis reads the spooled files slab by slab, so memory does not grow with the slice count.
        ThickSeries thick = SpooledSeries.open(stack, pixels);
        long t0 = System.nanoTime();
        // Slices are written as synthesis produces them (slab by slab), so no thin volume is held; the series is
        // written aside and published whole: DICOMweb never serves a part of it, and a failure (a full disk) leaves
        // the previous complete version, if any, as it was.
        DerivedSeriesWriter writer = new DerivedSeriesWriter(new DerivedInstanceFileWriter(stack.first(), aeTitle), pixels);
        StreamedSeries out = new StreamedSeries(stack, factor, writer, cancelled);
        SynthesisOutcome outcome;
        Path published;
        List<Path> written;
        try {
            outcome = interpolator.synthesise(thick, factor,
                    ThickSimulation.Mode.forThickness(stack.first().sliceThickness(), stack.geometry().sliceSpacing()), out);
            written = out.finish();
            out.checkNotCancelled();
            published = derived.publish(out.plan.seriesInstanceUid());
        } catch (IOException | RuntimeException e) {
            if (out.plan != null) {
                try {
                    derived.discard(out.plan.seriesInstanceUid());
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup); // the next start removes it
                }
            }
            throw e;
        }
        // synthesis and writing are interleaved now: the time spent in the interpolator is the whole minus the writing
        long synthesisMillis = (System.nanoTime() - t0 - out.writingNanos) / 1_000_000;
        DerivedSeriesPlan plan = out.plan;
        Map<String, Path> instances = new LinkedHashMap<>();
        for (DerivedSlice s : plan.slices()) {
            instances.put(s.sopInstanceUid(), published.resolve(written.get(s.index()).getFileName()));
        }
        return new Result(plan.seriesInstanceUid(), instances, synthesisMillis,
                outcome.method().name() + " " + outcome.method().version(), outcome.details(), factor);
    }

    public String method() {
        return interpolator.name();
    }

    /** The factor of every series, or null when each series' factor is chosen from its spacing (then in {@link Result}). */
    public Integer factor() {
        return factors.factorForEverySeries();
    }

    /** Plans the derived series once the method is known, then writes each slice to staging as it comes. */
    private final class StreamedSeries implements SliceSink {

        private final SliceStack stack;
        private final int factor;
        private final DerivedSeriesWriter writer;
        private DerivedSeriesPlan plan;
        private DerivedSeriesWriter.Output output;
        private long writingNanos;
        private final java.util.function.BooleanSupplier cancelled;

        StreamedSeries(SliceStack stack, int factor, DerivedSeriesWriter writer, java.util.function.BooleanSupplier cancelled) {
            this.stack = stack;
            this.factor = factor;
            this.writer = writer;
            this.cancelled = cancelled;
        }

        void checkNotCancelled() throws java.io.InterruptedIOException {
            if (cancelled.getAsBoolean()) {
                throw new java.io.InterruptedIOException("synthesis given up: this node no longer holds the job's lease");
            }
        }

        @Override
        public void begin(Interpolator method, String note) throws IOException {
            plan = DerivedSeriesPlanner.plan(stack, method, factor, settings, LocalDateTime.now(), note);
            output = writer.open(plan, derived.stage(plan.seriesInstanceUid()));
        }

        @Override
        public void accept(int index, float[] hu) throws IOException {
            checkNotCancelled();
            long t = System.nanoTime();
            output.write(index, hu);
            writingNanos += System.nanoTime() - t;
        }

        List<Path> finish() {
            if (output == null) {
                throw new IllegalStateException(interpolator.name() + " produced no slices");
            }
            return output.finish();
        }
    }
}
