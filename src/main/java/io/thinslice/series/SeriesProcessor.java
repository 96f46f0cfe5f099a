package io.thinslice.series;

import io.thinslice.derive.DerivedSeriesPlan;
import io.thinslice.derive.DerivedSeriesPlanner;
import io.thinslice.derive.DerivedSeriesSettings;
import io.thinslice.derive.DerivedSeriesWriter;
import io.thinslice.derive.DerivedSlice;
import io.thinslice.derive.DerivedInstanceWriter;
import io.thinslice.derive.UncertaintySeries;
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
                         Map<String, String> synthesis, int factor, String uncertaintySeriesUid, Map<String, Path> uncertaintyInstances) {

        public Result(String derivedSeriesUid, Map<String, Path> instances, long synthesisMillis, String derivedBy, Map<String, String> synthesis,
                      int factor) {
            this(derivedSeriesUid, instances, synthesisMillis, derivedBy, synthesis, factor, null, Map.of());
        }

        /** The derived series' instances, then the uncertainty series' (if any): what is exported. */
        public Map<String, Path> allInstances() {
            Map<String, Path> all = new LinkedHashMap<>(instances);
            all.putAll(uncertaintyInstances);
            return all;
        }
    }

    /** Told each selection decision (the metric by rule). */
    @FunctionalInterface
    public interface SelectionListener {
        void decided(SeriesSelection.Decision decision);
    }

    private final Interpolator interpolator;
    private final FactorChoice factors;
    /** null: every series goes on to validation (the synthesize command, tests of the stages). */
    private SeriesSelection selection;
    private SelectionListener selectionListener = d -> { };
    private final DerivedSeriesSettings settings;
    private final String aeTitle;
    private final DerivedFolders derived;
    /** Most instances in a series that goes through synthesis ({@code thinslice.limits.max-slices}). */
    private final int maxSlices;
    /** {@code thinslice.derive.uncertainty}: the method asked for its cross-view disagreement, or null when off. */
    private Interpolator reportingDisagreement;

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

    /**
     * Checks each complete series against {@code selection} before validation; a series it does not select is
     * ignored with the rule's reason. Called once, while the node is being built.
     */
    public SeriesProcessor select(SeriesSelection selection, SelectionListener listener) {
        this.selection = selection;
        this.selectionListener = listener;
        return this;
    }

    /**
     * {@code thinslice.derive.uncertainty}: also write the uncertainty series ({@link UncertaintySeries}) whenever the
     * three-view model makes a series. Set once, before the first series.
     */
    public SeriesProcessor withUncertainty(boolean on) {
        reportingDisagreement = on ? interpolator.withDisagreement() : null;
        return this;
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
        if (selection != null && !headers.isEmpty()) {
            // Before validation: a topogram or a 2-slice series is ignored, not failed.
            SeriesSelection.Decision decision = selection.decide(headers);
            selectionListener.decided(decision);
            if (!decision.selected()) {
                throw SeriesRefusedException.ignored(decision.reason());
            }
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
        DerivedInstanceFileWriter instanceFiles = new DerivedInstanceFileWriter(stack.first(), aeTitle);
        DerivedSeriesWriter writer = new DerivedSeriesWriter(instanceFiles, pixels);
        StreamedSeries out = new StreamedSeries(stack, factor, writer, cancelled);
        out.uncertainty = reportingDisagreement == null ? null : new UncertaintyOutput(instanceFiles);
        SynthesisOutcome outcome;
        Path published;
        List<Path> written;
        try {
            outcome = (reportingDisagreement != null ? reportingDisagreement : interpolator).synthesise(thick, factor,
                    ThickSimulation.Mode.forThickness(stack.first().sliceThickness(), stack.geometry().sliceSpacing()), out);
            written = out.finish();
            out.checkNotCancelled();
            published = derived.publish(out.plan.seriesInstanceUid());
            if (out.uncertainty != null) {
                out.uncertainty.publish();
            }
        } catch (IOException | RuntimeException e) {
            if (out.uncertainty != null) {
                out.uncertainty.discard(e);
            }
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
        Map<String, String> details = outcome.details();
        if (out.uncertainty != null) {
            details = new LinkedHashMap<>(details);
            details.put("uncertainty", out.uncertainty.describe(outcome.method()));
            return new Result(plan.seriesInstanceUid(), instances, synthesisMillis, outcome.method().name() + " " + outcome.method().version(),
                    details, factor, out.uncertainty.seriesUid(), out.uncertainty.instances);
        }
        return new Result(plan.seriesInstanceUid(), instances, synthesisMillis,
                outcome.method().name() + " " + outcome.method().version(), details, factor);
    }

    /**
     * The uncertainty series, written beside the derived one as the disagreement slices come (none come when the
     * guard chose linear or cubic: then there is no such series, and the job says why), published right after it.
     */
    private final class UncertaintyOutput {

        private final DerivedInstanceWriter files;
        private UncertaintySeries series;
        private Path staged;
        private final Map<String, Path> instances = new LinkedHashMap<>();

        UncertaintyOutput(DerivedInstanceWriter files) {
            this.files = files;
        }

        void write(DerivedSeriesPlan plan, int index, float[] sdHu) throws IOException {
            if (series == null) {
                series = UncertaintySeries.of(plan);
                staged = derived.stage(series.plan().seriesInstanceUid());
            }
            if (index != instances.size()) {
                throw new IllegalStateException("disagreement of slice " + index + " out of order, expected " + instances.size());
            }
            DerivedSlice slice = series.plan().slices().get(index);
            Path file = staged.resolve(String.format("%05d.dcm", slice.instanceNumber()));
            files.writeUncertainty(series, slice, UncertaintySeries.quantise(sdHu), file);
            instances.put(slice.sopInstanceUid(), file);
        }

        String seriesUid() {
            return series == null ? null : series.plan().seriesInstanceUid();
        }

        void publish() throws IOException {
            if (series == null) {
                return;
            }
            if (instances.size() != series.plan().slices().size()) {
                throw new IllegalStateException(instances.size() + " disagreement slices written, plan " + series.plan().slices().size());
            }
            Path published = derived.publish(series.plan().seriesInstanceUid());
            instances.replaceAll((sop, file) -> published.resolve(file.getFileName()));
        }

        void discard(Exception failure) {
            if (series != null) {
                try {
                    derived.discard(series.plan().seriesInstanceUid());
                } catch (IOException cleanup) {
                    failure.addSuppressed(cleanup);
                }
            }
        }

        String describe(Interpolator method) {
            return series != null ? "series " + series.plan().seriesInstanceUid() + " (cross-view SD, HU)"
                    : "none: " + method.name() + " made the slices, and only the three-view model has views to disagree";
        }
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
        private UncertaintyOutput uncertainty;

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

        @Override
        public void acceptDisagreement(int index, float[] sdHu) throws IOException {
            if (uncertainty != null) {
                long t = System.nanoTime();
                uncertainty.write(plan, index, sdHu);
                writingNanos += System.nanoTime() - t;
            }
        }

        List<Path> finish() {
            if (output == null) {
                throw new IllegalStateException(interpolator.name() + " produced no slices");
            }
            return output.finish();
        }
    }
}
