package io.thinslice.synthesis;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import io.thinslice.volume.Volume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Self-supervised training of the three-view networks on thick volumes alone (no thin ground truth).
 *
 * <p>Each step takes a random crop B of {@code blockSlices} acquired slices × patch × patch (random flips) and
 * sums: (1) for each view, L1 + {@code highFrequency}·L1 of in-plane gradients between the ×2 prediction from
 * B[0::2] and B[1::2]; (2) if incremental and B has 4m + 1 slices, the same from B[0::4] to B[2::4], then ×2 again
 * on the fused result (no stop-gradient) to B[1::2]; (3) mutual distillation on B itself, where no truth exists:
 * the squared axial–coronal and axial–sagittal differences, mean of the smallest {@code distillFraction} of voxels,
 * weight {@code distillWeight} each, gradients into both views; if incremental, again one level up on the fused
 * ×2 of B. Adam; cosine decay. Single-threaded Java around multi-threaded PyTorch ops: the same seed gives the
 * same weights on the CPU.
 */
public final class ThreeViewTrainer {

    /** Progress of a run: step done (1-based), steps planned, this step's loss, time since start. */
    public record Status(int step, int steps, double loss, Duration elapsed) {
    }

    private static final float[] EQUAL = {1f / 3, 1f / 3, 1f / 3};

    private final ThreeViewWeights weights;
    private final TrainingOptions options;

    public ThreeViewTrainer(ThreeViewWeights weights, TrainingOptions options) {
        this.weights = weights;
        this.options = options;
    }

    /** Called every {@code every} steps with the step count (after that step's update), e.g. to keep a snapshot. */
    public ThreeViewTrainer onCheckpoint(int every, java.util.function.IntConsumer action) {
        if (every < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1");
        }
        this.checkpointEvery = every;
        this.checkpoint = action;
        return this;
    }

    private int checkpointEvery = Integer.MAX_VALUE;
    private java.util.function.IntConsumer checkpoint = step -> { };

    /**
     * Trains {@link #weights} in place on thick volumes (HU, (z, y, x), at least 3 slices and 8×8 pixels each).
     *
     * @return steps done
     */
    public int train(List<Volume> thickVolumes, Consumer<Status> progress) {
        return train(thickVolumes, List.of(), null, progress);
    }

    /**
     * Trains {@link #weights} in place.
     *
     * @param thickVolumes  thick series (HU, at least 3 slices): every term
     * @param inPlaneOnly   further volumes, any slice count (single real slices): target-scale in-plane pairs only
     * @param inPlaneSlices per volume of thickVolumes then inPlaneOnly, the slice indices in-plane pairs may be cut
     *                      from (null, or a null entry: all); slices left out stay unseen in-plane, for a check
     * @return steps done
     */
    public int train(List<Volume> thickVolumes, List<Volume> inPlaneOnly, List<int[]> inPlaneSlices, Consumer<Status> progress) {
        if (thickVolumes.isEmpty()) {
            throw new IllegalArgumentException("no training volumes");
        }
        for (Volume v : thickVolumes) {
            if (v.slices() < 3 || v.rows() < 8 || v.columns() < 8) {
                throw new IllegalArgumentException("training volume too small: " + v.slices() + "x" + v.rows() + "x" + v.columns());
            }
        }
        List<Volume> inPlaneSources = new ArrayList<>(thickVolumes);
        inPlaneSources.addAll(inPlaneOnly);
        if (inPlaneSlices != null && inPlaneSlices.size() != inPlaneSources.size()) {
            throw new IllegalArgumentException("in-plane slice lists: " + inPlaneSlices.size() + " for " + inPlaneSources.size() + " volumes");
        }
        return TorchRuntime.exclusive(() -> run(thickVolumes, inPlaneSources, inPlaneSlices, progress));
    }

    /** Learning rate at update {@code t} (1-based): linear warm-up from a tenth, then cosine decay to a tenth. */
    float rate(int t) {
        float peak = options.learningRate();
        int warm = options.warmupSteps();
        if (warm > 0 && t <= warm) {
            return peak * (0.1f + 0.9f * t / warm);
        }
        if (options.steps() == Integer.MAX_VALUE || options.steps() <= warm + 1) {
            return peak;
        }
        double progress = Math.min(1.0, (double) (t - warm) / (options.steps() - warm));
        return (float) (peak / 10 + (peak - peak / 10) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    private int run(List<Volume> volumes, List<Volume> inPlaneSources, List<int[]> inPlaneSlices, Consumer<Status> progress) {
        List<float[]> data = new ArrayList<>();
        for (Volume v : volumes) {
            float[] u = new float[v.voxels().length];
            float[] hu = v.voxels();
            for (int i = 0; i < u.length; i++) {
                u[i] = Normalisation.toUnit(hu[i]);
            }
            data.add(u);
        }
        Engine engine = TorchRuntime.engine();
        engine.setRandomSeed((int) options.seed());
        Random random = new Random(options.seed());
        ai.djl.training.tracker.Tracker schedule = this::rate;
        Optimizer adam = Optimizer.adam().optLearningRateTracker(schedule).build();
        NDManager root = weights.model().getNDManager();
        ParameterStore ps = new ParameterStore(root, false);
        weights.setTrainable(true);
        ai.djl.nn.ParameterList params = weights.network().getParameters();
        long start = System.nanoTime();
        int step = 0;
        int skipped = 0;
        try {
            while (step < options.steps()) {
                if (options.budget() != null && System.nanoTime() - start >= options.budget().toNanos()) {
                    break;
                }
                int vi = random.nextInt(volumes.size());
                Volume v = volumes.get(vi);
                int zc = blockSlices(v.slices());
                int r = weights.architecture().axialUnshuffle();
                int ph = Math.min(options.patch(), v.rows()) / r * r;
                int pw = Math.min(options.patch(), v.columns()) / r * r;
                float[] block = crop(data.get(vi), v, zc, ph, pw, random);
                TargetScalePairs.Batch pairs = null;
                if (options.inPlaneWeight() > 0) {
                    int f = options.inPlaneFactors().get(random.nextInt(options.inPlaneFactors().size()));
                    pairs = TargetScalePairs.sample(inPlaneSources, inPlaneSlices, random, IN_PLANE_PLANES, options.patch(),
                            IN_PLANE_COLUMNS, f, options.inPlaneScale());
                }
                double lossValue;
                try (NDManager m = root.newSubManager()) {
                    NDArray b = m.create(block, new Shape(zc, ph, pw));
                    boolean anyTerm = pairs != null || options.crossView() > 0 || options.distillWeight() > 0 || options.axialTeacher() > 0;
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        NDArray loss = loss(ps, b);
                        if (pairs != null) {
                            loss = loss.add(ThreeViews.scaled(inPlaneLoss(ps, m, pairs), options.inPlaneWeight()));
                        }
                        if (anyTerm) {
                            gc.backward(loss);
                        }
                        lossValue = anyTerm ? loss.getFloat() : Double.NaN; // NaN: nothing to learn from this step, skipped
                    }
                    boolean finite = Double.isFinite(lossValue);
                    for (Pair<String, Parameter> p : params) {
                        NDArray g = p.getValue().getArray().getGradient();
                        if (finite && (g.isNaN().any().getBoolean() || g.isInfinite().any().getBoolean())) {
                            finite = false; // skip this step rather than poison the weights
                        }
                    }
                    if (!finite) {
                        skipped++;
                    }
                    for (Pair<String, Parameter> p : params) {
                        NDArray w = p.getValue().getArray();
                        NDArray g = w.getGradient();
                        if (finite) {
                            adam.update(p.getValue().getId(), w, g);
                        }
                        if (!finite) {
                            g.set(g.isNaN().logicalOr(g.isInfinite()), 0); // subi(g) would keep a NaN gradient NaN forever
                        }
                        g.subi(g);
                    }
                }
                step++;
                if (progress != null) {
                    progress.accept(new Status(step, options.steps(), lossValue, Duration.ofNanos(System.nanoTime() - start)));
                }
                if (step % checkpointEvery == 0) {
                    weights.setTrainable(false);
                    weights.parametersChanged();
                    checkpoint.accept(step);
                    weights.setTrainable(true);
                }
            }
        } finally {
            if (skipped > 0) {
                weights.putMetadata("training.skippedSteps", Integer.toString(skipped));
            }
            weights.setTrainable(false);
            weights.parametersChanged();
        }
        return step;
    }

    /**
     * The plane network run as inference runs it on the thick columns (×2, and for ×4 ×2 again on its own output),
     * L1 (+ gradient term) against the target-scale truth at every level.
     */
    private NDArray inPlaneLoss(ParameterStore ps, NDManager m, TargetScalePairs.Batch pairs) {
        NDArray x = m.create(pairs.thick(), new Shape(pairs.planes(), 1, pairs.lines(), pairs.zin()));
        NDArray truth = m.create(pairs.thin(), new Shape(pairs.planes(), 1, pairs.lines(), pairs.thinColumns()));
        NDArray total = null;
        for (int step = pairs.factor(); step > 1; step /= 2) {
            NDArray mids = weights.network().plane().forward(ps, new NDList(x), true).singletonOrThrow();
            NDArray target = truth.get(":, :, :, " + step / 2 + "::" + step);
            NDArray t = term(mids.squeeze(1), target.squeeze(1));
            total = total == null ? t : total.add(t);
            x = ThreeViews.interleaveColumns(x, mids);
        }
        return total;
    }

    /** Largest 4m + 1 (else 2m + 1) not above the option and the volume. */
    private int blockSlices(int slices) {
        int max = Math.min(options.blockSlices(), slices);
        int quad = (max - 1) / 4 * 4 + 1;
        if (options.incremental() && quad >= 5) {
            return quad;
        }
        return (max - 1) / 2 * 2 + 1;
    }

    private static float[] crop(float[] vol, Volume v, int zc, int ph, int pw, Random random) {
        int h = v.rows();
        int w = v.columns();
        int z0 = random.nextInt(v.slices() - zc + 1);
        int y0 = random.nextInt(h - ph + 1);
        int x0 = random.nextInt(w - pw + 1);
        boolean fz = random.nextBoolean();
        boolean fy = random.nextBoolean();
        boolean fx = random.nextBoolean();
        float[] out = new float[zc * ph * pw];
        for (int k = 0; k < zc; k++) {
            int sz = z0 + (fz ? zc - 1 - k : k);
            for (int y = 0; y < ph; y++) {
                int sy = y0 + (fy ? ph - 1 - y : y);
                int src = (sz * h + sy) * w + x0;
                int dst = (k * ph + y) * pw;
                for (int x = 0; x < pw; x++) {
                    out[dst + x] = vol[src + (fx ? pw - 1 - x : x)];
                }
            }
        }
        return out;
    }

    /** Planes per in-plane batch. */
    private static final int IN_PLANE_PLANES = 16;
    /** Thick columns per in-plane plane at most. */
    private static final int IN_PLANE_COLUMNS = 13;

    private NDArray loss(ParameterStore ps, NDArray b) {
        ThreeViewNetwork net = weights.network();
        long zc = b.getShape().get(0);
        NDArray x1 = b.get("0::2");
        NDArray t1 = b.get("1::2");
        // Terms with weight 0 are not computed at all: in-plane-only adaptation then costs a fraction of a full step.
        NDArray total = options.crossView() > 0
                ? ThreeViews.scaled(supervised(ThreeViews.predict(net, ps, x1, true), t1), options.crossView())
                : b.getManager().zeros(new ai.djl.ndarray.types.Shape());
        boolean twoLevels = options.incremental() && options.crossView() > 0 && (zc - 1) % 4 == 0 && zc >= 5;
        if (twoLevels) {
            NDArray x2 = b.get("0::4");
            ThreeViews.Predictions q = ThreeViews.predict(net, ps, x2, true);
            total = total.add(ThreeViews.scaled(supervised(q, b.get("2::4")), options.crossView()));
            NDArray y = ThreeViews.interleave(x2, q.fused(EQUAL));
            total = total.add(ThreeViews.scaled(supervised(ThreeViews.predict(net, ps, y, true), t1), options.crossView()));
        }
        if (options.axialTeacher() > 0) {
            // No truth between acquired slices: the planes (which learn fine structure in-plane) teach the axial net.
            NDArray teacher = ThreeViews.scaled(ThreeViews.coronal(net, ps, b, true).add(ThreeViews.sagittal(net, ps, b, true)), 0.5f)
                    .stopGradient();
            total = total.add(ThreeViews.scaled(ThreeViews.axial(net, ps, b, true).sub(teacher).abs().mean(), options.axialTeacher()));
        }
        if (options.distillWeight() > 0) {
            ThreeViews.Predictions d = ThreeViews.predict(net, ps, b, true);
            total = total.add(distill(d));
            if (options.incremental()) {
                NDArray y = ThreeViews.interleave(b, d.fused(EQUAL));
                total = total.add(distill(ThreeViews.predict(net, ps, y, true)));
            }
        }
        return total;
    }

    private NDArray supervised(ThreeViews.Predictions p, NDArray truth) {
        return term(p.axial(), truth).add(term(p.coronal(), truth)).add(term(p.sagittal(), truth));
    }

    private NDArray term(NDArray pred, NDArray truth) {
        NDArray d = pred.sub(truth);
        NDArray loss = d.abs().mean();
        if (options.highFrequency() > 0) {
            NDArray gx = d.get(":, :, 1:").sub(d.get(":, :, :-1")).abs().mean();
            NDArray gy = d.get(":, 1:, :").sub(d.get(":, :-1, :")).abs().mean();
            loss = loss.add(ThreeViews.scaled(gx.add(gy), options.highFrequency()));
        }
        return loss;
    }

    private NDArray distill(ThreeViews.Predictions p) {
        return ThreeViews.scaled(smallest(p.axial().sub(p.coronal())).add(smallest(p.axial().sub(p.sagittal()))), options.distillWeight());
    }

    /** Mean of the smallest {@code distillFraction} of squared differences. */
    private NDArray smallest(NDArray diff) {
        NDArray sq = diff.square().flatten();
        int k = (int) Math.max(1, Math.floor(options.distillFraction() * sq.size()));
        // Threshold from a detached copy; the selection mask carries no gradient, the kept squares do (both views).
        float[] values = sq.stopGradient().toFloatArray();
        java.util.Arrays.sort(values);
        NDArray mask = sq.stopGradient().lte(sq.getManager().create(values[k - 1])).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        return sq.mul(mask).sum().div(sq.getManager().create((float) k)); // a kept divisor: see ThreeViews.scaled
    }
}
