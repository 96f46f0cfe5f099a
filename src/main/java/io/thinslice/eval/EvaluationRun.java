package io.thinslice.eval;

import io.thinslice.synthesis.CubicInterpolator;
import io.thinslice.synthesis.Interpolator;
import io.thinslice.synthesis.LinearInterpolator;
import io.thinslice.synthesis.SynthesisOutcome;
import io.thinslice.volume.Geometry;
import io.thinslice.volume.ThickSimulation;
import io.thinslice.volume.Volume;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs every interpolator on every simulated thick volume of every study, scores the output against the thin truth
 * ({@link Metrics}) and times it. Linear and cubic interpolation are always measured in the same run as baselines.
 *
 * <p>Time is the wall time of {@link Interpolator#interpolate} alone (not the metrics), one call per case. Before the
 * first timed call each method is warmed up once, untimed, on the first four thick slices of the first case, so
 * JIT compilation or model start-up is not charged to the first case. A method that throws, or returns a volume whose
 * shape or geometry differs from the truth's, is recorded as failed and the run goes on.
 *
 * <p>For the report, a few 2D planes of every output are kept (HU): one synthesised axial slice (the middle one of the
 * middle gap, index {@code ((n − 1) / 2)·s + s / 2}) and one coronal plane (the middle row).
 */
public final class EvaluationRun {

    /** Name of the method the report features when present: the node's default, guarded three-view. */
    public static final String FUSED = "three-view";
    /** The guarded method's model candidate, as it would derive a series when chosen (adapted, not guarded). */
    public static final String ADAPTED = "three-view+adapt";

    /** A thin-slice volume to evaluate on, HU. */
    public record Study(String name, Volume thin) {
        public Study {
            Objects.requireNonNull(name);
            Objects.requireNonNull(thin);
        }
    }

    /** One way to simulate a thick volume. */
    public record Simulation(ThickSimulation.Mode mode, int factor) {
        public String label() {
            return mode.label() + " x" + factor;
        }
    }

    /**
     * One method on one case.
     *
     * @param scores  null if the method failed
     * @param seconds wall time of the interpolation, s (NaN if it failed)
     * @param error   why it failed, or null
     * @param choice  for a method that chooses per series (the guarded node method), what it chose; else null
     */
    public record Result(String study, Simulation simulation, String method, String version, Metrics.Scores scores,
                         double seconds, String error, String choice) {
        public Result(String study, Simulation simulation, String method, String version, Metrics.Scores scores,
                      double seconds, String error) {
            this(study, simulation, method, version, scores, seconds, error, null);
        }

        public boolean failed() {
            return error != null;
        }
    }

    /**
     * The planes kept for pictures of one case, HU, row-major.
     *
     * @param axialSlice      index (in the truth) of the axial slice shown; a synthesised one
     * @param coronalRow      row y of the coronal plane shown
     * @param sliceSpacingMm  thin slice spacing (coronal plane rows), mm
     * @param columnSpacingMm column spacing (both planes' columns), mm
     * @param rowSpacingMm    row spacing (axial plane rows), mm
     * @param axial           "truth" and each method's axial plane, rows × columns
     * @param coronal         "truth" and each method's coronal plane, slices × columns
     */
    public record CasePlanes(String study, Simulation simulation, int axialSlice, int coronalRow, int slices, int rows,
                             int columns, double sliceSpacingMm, double rowSpacingMm, double columnSpacingMm,
                             Map<String, float[]> axial, Map<String, float[]> coronal) {
    }

    /**
     * Everything a run measured, in run order.
     *
     * @param studies one line per study: name, size and spacing
     */
    public record Outcome(List<Result> results, List<CasePlanes> planes, List<String> studies) {
    }

    private final List<Interpolator> methods;
    private final List<Simulation> simulations;
    private final Consumer<String> progress;

    /**
     * @param methods     methods to measure; linear and cubic come first, added if absent
     * @param simulations thick simulations to run per study
     * @param progress    receives one line per step (for long runs)
     */
    public EvaluationRun(List<Interpolator> methods, List<Simulation> simulations, Consumer<String> progress) {
        this.methods = withBaselines(methods);
        this.simulations = List.copyOf(simulations);
        this.progress = progress;
        if (simulations.isEmpty()) {
            throw new IllegalArgumentException("no thick simulation to run");
        }
    }

    /** Linear, cubic (the given ones if {@code methods} names them, else the node's), then the other methods in order. */
    public static List<Interpolator> withBaselines(List<Interpolator> methods) {
        List<Interpolator> out = new ArrayList<>();
        for (Interpolator baseline : List.of(new LinearInterpolator(), new CubicInterpolator())) {
            out.add(methods.stream().filter(m -> m.name().equals(baseline.name())).findFirst().orElse(baseline));
        }
        for (Interpolator m : methods) {
            if (methods.stream().filter(o -> o.name().equals(m.name())).count() > 1) {
                throw new IllegalArgumentException("method '" + m.name() + "' given twice");
            }
            if (out.stream().noneMatch(o -> o.name().equals(m.name()))) {
                out.add(m);
            }
        }
        return List.copyOf(out);
    }

    /** The methods measured, baselines included. */
    public List<Interpolator> methods() {
        return methods;
    }

    public Outcome run(List<Study> studies) {
        List<Result> results = new ArrayList<>();
        List<CasePlanes> planes = new ArrayList<>();
        int total = studies.size() * simulations.size() * methods.size();
        int done = 0;
        boolean warm = false;
        for (Study study : studies) {
            for (Simulation sim : simulations) {
                ThickSimulation.Case c = ThickSimulation.simulate(study.thin(), sim.mode(), sim.factor());
                progress.accept(String.format(Locale.ROOT, "%s %s: %d thick slices (%.3g mm) -> %d truth slices (%.3g mm)",
                        study.name(), sim.label(), c.thick().slices(), c.thick().geometry().sliceSpacing(),
                        c.truth().slices(), c.truth().geometry().sliceSpacing()));
                if (!warm) {
                    warmUp(c);
                    warm = true;
                }
                CasePlanes kept = planesOf(study.name(), sim, c.truth());
                for (Interpolator m : methods) {
                    Result r = measure(study.name(), sim, c, m, kept);
                    results.add(r);
                    done++;
                    progress.accept(r.failed()
                            ? String.format(Locale.ROOT, "  [%d/%d] %-12s FAILED: %s", done, total, m.name(), r.error())
                            : String.format(Locale.ROOT, "  [%d/%d] %-12s %7.2f s  PSNR %6.2f dB (synth %6.2f)  SSIM ax %.4f cor %.4f sag %.4f",
                                    done, total, m.name(), r.seconds(), r.scores().psnrAll(), r.scores().psnrSynthesised(),
                                    r.scores().ssimAxial(), r.scores().ssimCoronal(), r.scores().ssimSagittal()));
                }
                planes.add(kept);
            }
        }
        List<String> described = studies.stream().map(s -> {
            Volume v = s.thin();
            Geometry g = v.geometry();
            return String.format(Locale.ROOT, "%s: %d slices of %dx%d, %.4g x %.4g mm pixels, %.4g mm apart", s.name(),
                    v.slices(), v.rows(), v.columns(), g.rowSpacing(), g.columnSpacing(), g.sliceSpacing());
        }).toList();
        return new Outcome(List.copyOf(results), List.copyOf(planes), described);
    }

    private void warmUp(ThickSimulation.Case c) {
        Volume thick = c.thick();
        int n = Math.min(4, thick.slices());
        Volume crop = new Volume(Arrays.copyOf(thick.voxels(), n * thick.sliceSize()), n, thick.rows(), thick.columns(),
                thick.geometry());
        for (Interpolator m : methods) {
            if (m.version().contains("+adapt")) {
                continue; // adaptation trains for its full step count on any input: no warm-up worth its time
            }
            try {
                m.interpolate(crop, c.factor());
            } catch (RuntimeException e) {
                // the timed call will fail the same way and be recorded
            }
        }
    }

    private Result measure(String study, Simulation sim, ThickSimulation.Case c, Interpolator m, CasePlanes kept) {
        Volume out;
        String choice;
        long start = System.nanoTime();
        try {
            // The simulation mode is the profile a real series' Slice Thickness would give: decimated slices are
            // thin-slice samples, slabs are as thick as their spacing.
            SynthesisOutcome o = m.synthesise(c.thick(), c.factor(), c.mode());
            out = o.volume();
            choice = o.details().get("choice");
        } catch (RuntimeException e) {
            return new Result(study, sim, m.name(), m.version(), null, Double.NaN, e.toString());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String mismatch = mismatch(c.truth(), out);
        if (mismatch != null) {
            return new Result(study, sim, m.name(), m.version(), null, Double.NaN, mismatch);
        }
        Metrics.Scores scores = Metrics.score(c.truth(), out, c.factor());
        kept.axial().put(m.name(), axial(out, kept.axialSlice()));
        kept.coronal().put(m.name(), coronal(out, kept.coronalRow()));
        return new Result(study, sim, m.name(), m.version(), scores, seconds, null, choice);
    }

    /** Why {@code out} cannot be compared with {@code truth}, or null. */
    public static String mismatch(Volume truth, Volume out) {
        if (out.slices() != truth.slices() || out.rows() != truth.rows() || out.columns() != truth.columns()) {
            return "output is " + out.slices() + "x" + out.rows() + "x" + out.columns() + ", truth "
                    + truth.slices() + "x" + truth.rows() + "x" + truth.columns();
        }
        Geometry a = truth.geometry();
        Geometry b = out.geometry();
        double[] pa = a.origin();
        double[] pb = b.origin();
        double tol = 1e-4;
        for (int i = 0; i < 3; i++) {
            if (Math.abs(pa[i] - pb[i]) > tol) {
                return "output origin " + Arrays.toString(pb) + " differs from the truth's " + Arrays.toString(pa);
            }
        }
        if (Math.abs(a.sliceSpacing() - b.sliceSpacing()) > tol) {
            return "output slice spacing " + b.sliceSpacing() + " mm differs from the truth's " + a.sliceSpacing();
        }
        for (float v : out.voxels()) {
            if (Float.isNaN(v)) {
                return "output holds NaN";
            }
        }
        return null;
    }

    private static CasePlanes planesOf(String study, Simulation sim, Volume truth) {
        int s = sim.factor();
        int gaps = (truth.slices() - 1) / s;
        int axialSlice = (gaps - 1) / 2 * s + s / 2;
        int coronalRow = truth.rows() / 2;
        Geometry g = truth.geometry();
        CasePlanes p = new CasePlanes(study, sim, axialSlice, coronalRow, truth.slices(), truth.rows(), truth.columns(),
                g.sliceSpacing(), g.rowSpacing(), g.columnSpacing(), new LinkedHashMap<>(), new LinkedHashMap<>());
        p.axial().put("truth", axial(truth, axialSlice));
        p.coronal().put("truth", coronal(truth, coronalRow));
        return p;
    }

    private static float[] axial(Volume v, int slice) {
        return v.slice(slice);
    }

    private static float[] coronal(Volume v, int row) {
        float[] out = new float[v.slices() * v.columns()];
        for (int z = 0; z < v.slices(); z++) {
            System.arraycopy(v.voxels(), (z * v.rows() + row) * v.columns(), out, z * v.columns(), v.columns());
        }
        return out;
    }
}
