package io.thinslice.synthesis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.thinslice.volume.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Learned three-view slice synthesis (Fang et al., CVPR 2022, adapted): an axial network predicts each new slice
 * from its two neighbours, one coronal/sagittal network predicts the missing columns of every coronal and
 * sagittal plane, and the new slice is the weighted mean of the three predictions. ×4 applies ×2 twice, the
 * second time on the fused ×2 result, ×8 three times; other factors run to the next power of two and are resampled
 * onto their positions ({@link FineGrid}).
 *
 * <p>Guarantees of {@link Interpolator}: acquired slices are copied bit for bit; synthesised values are clipped to
 * the source's HU range [min, max] and never NaN. Memory stays bounded: slices and planes go through the networks
 * in batches of at most {@code maxBatchPixels} pixels, and only one batch is held as NDArrays at a time.
 * Model work is serialised ({@link TorchRuntime#exclusive}).
 */
public final class ThreeViewInterpolator implements Interpolator {

    /** Which predictions make the new slices. */
    public enum View {
        /** Axial network only. */
        AXIAL,
        /** Coronal planes only. */
        CORONAL,
        /** Sagittal planes only. */
        SAGITTAL,
        /** Mean of coronal and sagittal. */
        PLANES,
        /** Weighted mean of all three (the method). */
        FUSED
    }

    /**
     * Default bound of pixels per network batch. Small on purpose: the networks are narrow (16–32 channels), so
     * their element-wise work is memory-bound, and feature maps that stay in cache ran the planes 2.4× faster than
     * 2^20 pixels did (bench/README.md).
     */
    public static final long DEFAULT_MAX_BATCH_PIXELS = 1L << 16;

    private final ThreeViewWeights weights;
    private final View view;
    private final float[] fusion;
    private final long maxBatchPixels;
    private final String label;
    /** Whether every run also hands its sink the cross-view disagreement ({@link SliceSink#acceptDisagreement}). */
    private final boolean disagreement;

    public ThreeViewInterpolator(ThreeViewWeights weights, View view, FusionWeights fusion, long maxBatchPixels) {
        this(weights, view, fusion, maxBatchPixels, null, false);
    }

    private ThreeViewInterpolator(ThreeViewWeights weights, View view, FusionWeights fusion, long maxBatchPixels, String label,
                                  boolean disagreement) {
        this.label = label;
        this.disagreement = disagreement;
        if (maxBatchPixels < 1) {
            throw new IllegalArgumentException("maxBatchPixels must be >= 1");
        }
        this.weights = weights;
        this.view = view;
        this.maxBatchPixels = maxBatchPixels;
        this.fusion = switch (view) {
            case AXIAL -> new float[] {1, 0, 0};
            case CORONAL -> new float[] {0, 1, 0};
            case SAGITTAL -> new float[] {0, 0, 1};
            case PLANES -> new float[] {0, 0.5f, 0.5f};
            case FUSED -> fusion.asArray();
        };
    }

    /** Fused, equal weights, default batch bound. */
    public ThreeViewInterpolator(ThreeViewWeights weights) {
        this(weights, View.FUSED, FusionWeights.equal(), DEFAULT_MAX_BATCH_PIXELS);
    }

    /**
     * The same interpolator under another method name: {@code three-view-fused} (the paper's equal fusion) is the
     * fused view too, and an evaluation tells methods apart by name.
     */
    public ThreeViewInterpolator named(String name) {
        return new ThreeViewInterpolator(weights, view, fusion(), maxBatchPixels, name, disagreement);
    }

    /** The same weights seen through another view. */
    public ThreeViewInterpolator withView(View other) {
        return new ThreeViewInterpolator(weights, other, fusion(), maxBatchPixels, null, disagreement);
    }

    /**
     * The same interpolator (same slices, bit for bit) that also computes the axial, coronal and sagittal predictions
     * of every new slice, whatever their fusion weights, and hands their standard deviation (HU) to
     * {@link SliceSink#acceptDisagreement} after each slice. Costs the views whose weight is 0 (the axial network at the
     * node's fusion) and three prediction arrays per slab.
     */
    @Override
    public ThreeViewInterpolator withDisagreement() {
        return new ThreeViewInterpolator(weights, view, fusion(), maxBatchPixels, label, true);
    }

    /** Whether runs report the cross-view disagreement ({@link #withDisagreement()}). */
    public boolean reportsDisagreement() {
        return disagreement;
    }

    @Override
    public String name() {
        if (label != null) {
            return label;
        }
        return view == View.FUSED ? "three-view" : "three-view-" + view.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String version() {
        return weights.version();
    }

    public View view() {
        return view;
    }

    public ThreeViewWeights weights() {
        return weights;
    }

    /** The fusion weights (axial, coronal, sagittal) this interpolator applies. */
    public FusionWeights fusion() {
        return new FusionWeights(fusion[0], fusion[1], fusion[2]);
    }

    public long maxBatchPixels() {
        return maxBatchPixels;
    }

    @Override
    public Volume interpolate(Volume thick, int factor) {
        Interpolator.requireFactor(factor);
        float[] range = range(thick.voxels());
        int size = thick.sliceSize();
        int slices = Interpolator.outputSlices(thick.slices(), factor);
        float[] out = new float[slices * size];
        TorchRuntime.exclusive(() -> {
            try {
                runAt(thick, factor, range[0], range[1], 0, slices, (i, hu) -> System.arraycopy(hu, 0, out, i * size, size));
            } catch (IOException e) {
                throw new UncheckedIOException(e); // an array sink does no I/O
            }
            return null;
        });
        return new Volume(out, slices, thick.rows(), thick.columns(), thick.geometry().refinedAlongSlices(factor));
    }

    @Override
    public void interpolateSlab(Volume slab, int factor, float seriesMin, float seriesMax, int first, int end, SliceSink sink)
            throws IOException {
        Interpolator.requireFactor(factor);
        try {
            TorchRuntime.exclusive(() -> {
                try {
                    runAt(slab, factor, seriesMin, seriesMax, first, end, sink);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * {@link #run} at a power of two; any other factor through the next power of two and a resampling along the normal
     * ({@link FineGrid}), outside the ×2 ladder.
     */
    private void runAt(Volume thick, int factor, float min, float max, int first, int end, SliceSink sink) throws IOException {
        if (FineGrid.isPowerOfTwo(factor)) {
            run(thick, factor, min, max, first, end, sink);
            return;
        }
        FineGrid.stream(factor, thick.slices(), thick.sliceSize(), min, max, first, end, FineGrid.KERNEL,
                (from, to, fine) -> run(thick, FineGrid.ladder(factor), min, max, from, to, fine), sink);
    }

    private static float[] range(float[] src) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : src) {
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        return new float[] {min, max};
    }

    /**
     * Output slices [first, end) of {@code thick} at {@code factor}, in order, clipped to [min, max]. The last ×2 level
     * is never interleaved into one array: its input and its new slices are read slice by slice as they go out, so the
     * largest arrays of the run are about twice the thick volume each at ×4, not the whole thin volume.
     *
     * <p>With {@link #withDisagreement()}, each level also yields the population standard deviation of its three view
     * predictions per new voxel. Across levels (×4 = two ×2 levels) a level-2 slice's disagreement is its own level's
     * SD combined in quadrature with the disagreement it inherits from its inputs: a new slice is about the mean of
     * its two neighbours, so an input's uncertainty passes on at half weight per neighbour (fully correlated between
     * neighbours: 0.5 · (sd_left + sd_right)); the level's own SD is independent of it, hence the quadrature.
     * Acquired slices have 0; a level-1 slice keeps its own SD.
     */
    private void run(Volume thick, int factor, float min, float max, int first, int end, SliceSink sink) throws IOException {
        int h = thick.rows();
        int w = thick.columns();
        int size = h * w;
        float[] src = thick.voxels();
        float[] cur = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            cur[i] = Normalisation.toUnit(src[i]);
        }
        int z = thick.slices();
        float[] mids = null;
        // disagreement (unit range) of cur's slices (null: all 0, acquired) and of mids
        float[] sdCur = null;
        float[] sdMids = null;
        if (z >= 2) {
            weights.setTrainable(false);
            for (int level = 1; level < factor; level *= 2) {
                if (mids != null) {
                    float[] next = new float[(2 * z - 1) * size];
                    float[] sdNext = disagreement ? new float[next.length] : null;
                    for (int k = 0; k < z; k++) {
                        System.arraycopy(cur, k * size, next, 2 * k * size, size);
                        if (sdNext != null && sdCur != null) {
                            System.arraycopy(sdCur, k * size, sdNext, 2 * k * size, size);
                        }
                        if (k < z - 1) {
                            System.arraycopy(mids, k * size, next, (2 * k + 1) * size, size);
                            if (sdNext != null) {
                                System.arraycopy(sdMids, k * size, sdNext, (2 * k + 1) * size, size);
                            }
                        }
                    }
                    mids = null;
                    sdMids = null;
                    cur = next;
                    sdCur = sdNext;
                    z = 2 * z - 1;
                }
                if (disagreement) {
                    float[] own = new float[(z - 1) * size];
                    mids = mids(cur, z, h, w, own);
                    sdMids = inherit(own, sdCur, size);
                } else {
                    mids = mids(cur, z, h, w, null);
                }
            }
        }
        // cur holds the last level's input slices (even output slices at its scale), mids its new ones (odd).
        float[] slice = new float[size];
        float[] sd = disagreement ? new float[size] : null;
        for (int i = first; i < end; i++) {
            if (i % factor == 0) {
                System.arraycopy(src, i / factor * size, slice, 0, size);
                if (sd != null) {
                    java.util.Arrays.fill(sd, 0f);
                }
            } else {
                float[] from = i % 2 == 0 ? cur : mids;
                int offset = (i / 2) * size;
                for (int j = 0; j < size; j++) {
                    float v = Normalisation.toHu(from[offset + j]);
                    slice[j] = Float.isNaN(v) ? min : Math.max(min, Math.min(max, v));
                }
                if (sd != null) {
                    float[] sdFrom = i % 2 == 0 ? sdCur : sdMids;
                    for (int j = 0; j < size; j++) {
                        float v = sdFrom[offset + j] * HU_PER_UNIT;
                        sd[j] = Float.isNaN(v) ? 0f : v;
                    }
                }
            }
            sink.accept(i, slice);
            if (sd != null) {
                sink.acceptDisagreement(i, sd);
            }
        }
    }

    /** Normalised units are HU / 4096 ({@link Normalisation}): an SD in units times this is an SD in HU. */
    private static final float HU_PER_UNIT = Normalisation.MAX_HU - Normalisation.MIN_HU;

    /**
     * A level's disagreement: its own SD {@code own} (z − 1 slices) with the SD its inputs carry ({@code inputs}, z
     * slices, null when they are acquired) passed on at half weight from each neighbour, in quadrature.
     */
    static float[] inherit(float[] own, float[] inputs, int size) {
        if (inputs == null) {
            return own;
        }
        int gaps = own.length / size;
        for (int k = 0; k < gaps; k++) {
            for (int j = 0; j < size; j++) {
                float carried = 0.5f * (inputs[k * size + j] + inputs[(k + 1) * size + j]);
                float s = own[k * size + j];
                own[k * size + j] = (float) Math.sqrt(s * s + carried * carried);
            }
        }
        return own;
    }

    /**
     * Weighted ×2 predictions between the z slices of {@code vol}: (z − 1, h, w). With {@code sd} (same size), every
     * view is predicted, whatever its weight, and {@code sd} receives their population standard deviation (unit range).
     */
    private float[] mids(float[] vol, int z, int h, int w, float[] sd) {
        // Each view adds its weighted prediction straight into one array: no per-view copy of the new slices.
        float[] acc = new float[(z - 1) * h * w];
        if (sd == null) {
            if (fusion[0] > 0) {
                axial(vol, z, h, w, acc, fusion[0]);
            }
            if (fusion[1] > 0) {
                plane(vol, z, h, w, true, acc, fusion[1]);
            }
            if (fusion[2] > 0) {
                plane(vol, z, h, w, false, acc, fusion[2]);
            }
            return acc;
        }
        float[][] views = new float[3][];
        for (int v = 0; v < 3; v++) {
            views[v] = new float[acc.length];
        }
        axial(vol, z, h, w, views[0], 1f);
        plane(vol, z, h, w, true, views[1], 1f);
        plane(vol, z, h, w, false, views[2], 1f);
        // the same float operations, in the same order, as the accumulation above: the fused slices are bit-identical
        for (int v = 0; v < 3; v++) {
            if (fusion[v] > 0) {
                float f = fusion[v];
                float[] p = views[v];
                for (int j = 0; j < acc.length; j++) {
                    acc[j] += f * p[j];
                }
            }
        }
        CrossViewSpread.of(views[0], views[1], views[2], sd);
        return acc;
    }

    /** Axial predictions, slices padded (edge values) to a multiple of the unshuffle factor. */
    private void axial(float[] vol, int z, int h, int w, float[] out, float weight) {
        int r = weights.architecture().axialUnshuffle();
        int hp = (h + r - 1) / r * r;
        int wp = (w + r - 1) / r * r;
        int n = weights.architecture().axialInputs();
        int batch = (int) Math.max(1, Math.min(z - 1, maxBatchPixels / ((long) hp * wp)));
        InputBuffer staged = new InputBuffer(batch * n * hp * wp);
        NDManager root = weights.model().getNDManager();
        ParameterStore ps = new ParameterStore(root, false);
        for (int k0 = 0; k0 < z - 1; k0 += batch) {
            int b = Math.min(batch, z - 1 - k0);
            float[] in = new float[b * n * hp * wp];
            for (int i = 0; i < b; i++) {
                for (int s = 0; s < n; s++) {
                    // slices k-1, k, k+1, k+2 (n = 4) or k, k+1 (n = 2) around the gap k..k+1, edges repeated
                    int slice = Math.max(0, Math.min(z - 1, k0 + i + s - (n - 2) / 2));
                    int base = slice * h * w;
                    int dst = (i * n + s) * hp * wp;
                    for (int y = 0; y < hp; y++) {
                        int sy = Math.min(y, h - 1);
                        for (int x = 0; x < wp; x++) {
                            in[dst + y * wp + x] = vol[base + sy * w + Math.min(x, w - 1)];
                        }
                    }
                }
            }
            try (NDManager m = root.newSubManager()) {
                NDArray input = m.create(staged.put(in), new Shape(b, n, hp, wp), DataType.FLOAT32);
                float[] res = weights.network().axial().forward(ps, new NDList(input), false).singletonOrThrow().toFloatArray();
                for (int i = 0; i < b; i++) {
                    for (int y = 0; y < h; y++) {
                        int from = i * hp * wp + y * wp;
                        int to = ((k0 + i) * h + y) * w;
                        for (int x = 0; x < w; x++) {
                            out[to + x] += weight * res[from + x];
                        }
                    }
                }
            }
        }
    }

    /** Coronal (fixed row y; plane rows = x) or sagittal (fixed column x; plane rows = y) predictions. */
    private void plane(float[] vol, int z, int h, int w, boolean coronal, float[] out, float weight) {
        int planes = coronal ? h : w;
        int n = coronal ? w : h;
        int batch = (int) Math.max(1, Math.min(planes, maxBatchPixels / ((long) n * z)));
        InputBuffer staged = new InputBuffer(batch * n * z);
        NDManager root = weights.model().getNDManager();
        ParameterStore ps = new ParameterStore(root, false);
        for (int p0 = 0; p0 < planes; p0 += batch) {
            int b = Math.min(batch, planes - p0);
            float[] in = new float[b * n * z];
            for (int i = 0; i < b; i++) {
                int p = p0 + i;
                for (int j = 0; j < n; j++) {
                    int y = coronal ? p : j;
                    int x = coronal ? j : p;
                    int dst = (i * n + j) * z;
                    for (int k = 0; k < z; k++) {
                        in[dst + k] = vol[(k * h + y) * w + x];
                    }
                }
            }
            try (NDManager m = root.newSubManager()) {
                NDArray input = m.create(staged.put(in), new Shape(b, 1, n, z), DataType.FLOAT32);
                float[] res = weights.network().plane().forward(ps, new NDList(input), false).singletonOrThrow().toFloatArray();
                for (int i = 0; i < b; i++) {
                    int p = p0 + i;
                    for (int j = 0; j < n; j++) {
                        int y = coronal ? p : j;
                        int x = coronal ? j : p;
                        int src = (i * n + j) * (z - 1);
                        for (int k = 0; k < z - 1; k++) {
                            out[(k * h + y) * w + x] += weight * res[src + k];
                        }
                    }
                }
            }
        }
    }

    /**
     * One direct buffer for every batch of a pass. DJL copies a heap array into a new direct buffer per NDArray and
     * the tensor lives on that buffer, which only a garbage collection frees: on a long series those buffers piled up
     * to the heap limit in native memory. A batch's tensors are closed before the next batch fills the buffer.
     */
    private static final class InputBuffer {

        private final ByteBuffer bytes;

        InputBuffer(int floats) {
            bytes = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder());
        }

        /** {@code values} in the buffer, as a view of exactly their length. */
        ByteBuffer put(float[] values) {
            bytes.clear();
            bytes.asFloatBuffer().put(values);
            bytes.limit(values.length * Float.BYTES);
            return bytes.slice().order(ByteOrder.nativeOrder());
        }
    }
}
