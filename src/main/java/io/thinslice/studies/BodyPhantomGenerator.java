package io.thinslice.studies;

import io.thinslice.volume.Geometry;
import io.thinslice.volume.Volume;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Deterministic synthetic thin-slice CT of a head, chest, abdomen or knee, in HU, for training and held-out
 * evaluation of slice synthesis. It is built to resemble real CT at the scales that matter for interpolation along
 * z: edges of every orientation and sharpness (partial volume in-plane), structures that cross the slices obliquely
 * or span only a few 1–1.5 mm slices (vessel trees, 2–8 mm nodules and calcifications, thin bony plates, air cells,
 * tapering bones, a joint space), soft-tissue and trabecular texture, correlated noise and a chosen reconstruction
 * kernel.
 *
 * <p>Each slice is made in five steps: the {@link Anatomy} paints tissues (mean HU and texture amplitudes) at the
 * slice's height; the 3-D {@link TextureField}s modulate them (soft tissue by about ±10–30 HU, bone by its trabecular
 * pattern); the {@link ReconstructionKernel} filters the slice in-plane; {@link CtNoise} adds noise of standard
 * deviation {@code noiseSigmaHu}; values are clamped to [−1024, 3071] HU and, if asked, quantised.
 *
 * <p>Anatomy is laid out in mm around the stack's centre, so specs with other spacing or size show the same body at
 * the same place (a smaller field of view crops it). Everything random comes from one {@link SplittableRandom} seeded
 * with {@link BodyPhantomSpec#seed()}, split in a fixed order (anatomy, texture, then one generator per slice for
 * the noise): the same spec always gives a bit-identical array, however many threads paint the slices.
 */
public final class BodyPhantomGenerator {
    /** Lowest and highest value a voxel can take, HU (the range of 12-bit CT with intercept −1024). */
    public static final float MIN_HU = -1024f;
    public static final float MAX_HU = 3071f;

    private BodyPhantomGenerator() {
    }

    /**
     * Builds the phantom.
     *
     * @return HU voxels in (z, y, x) order, {@code thinSlices} × {@code rows} × {@code columns}, with an axial
     *         geometry centred on (0, 0, 0) mm; slice 0 is the most inferior (feet side)
     */
    public static Volume thin(BodyPhantomSpec spec) {
        int n = spec.thinSlices();
        int rows = spec.rows();
        int columns = spec.columns();
        int size = rows * columns;
        SplittableRandom root = new SplittableRandom(spec.seed());
        Anatomy anatomy = Anatomy.of(spec.bodyPart(), root.split());
        TextureField texture = new TextureField(root.nextLong(), spec.pixelSpacingMm(), spec.thinSpacingMm());
        SplittableRandom[] noiseRandom = new SplittableRandom[n];
        for (int k = 0; k < n; k++) {
            noiseRandom[k] = root.split();
        }
        CtNoise noise = new CtNoise(spec.kernel(), spec.noiseSigmaHu());
        double thin = spec.thinSpacingMm();
        float[] voxels = new float[n * size];
        IntStream.range(0, n).parallel().forEach(k -> {
            SlicePainter painter = new SlicePainter(rows, columns, spec.pixelSpacingMm());
            painter.begin((k - (n - 1) / 2.0) * thin);
            anatomy.paint(painter);
            int offset = k * size;
            texture.apply(painter, voxels, offset, new double[size], new double[size]);
            float[] scratch = new float[2 * size];
            spec.kernel().apply(voxels, offset, rows, columns, scratch);
            noise.add(voxels, offset, rows, columns, noiseRandom[k], new float[2 * size], scratch);
            finish(voxels, offset, size, spec.greyLevels());
        });
        double ps = spec.pixelSpacingMm();
        double[] origin = {-(columns - 1) * ps / 2, -(rows - 1) * ps / 2, -(n - 1) * thin / 2};
        return new Volume(voxels, n, rows, columns, Geometry.axial(origin, ps, thin));
    }

    /** Clamps to the CT range and, for {@code levels} > 0, rounds to the nearest of that many levels over it. */
    private static void finish(float[] v, int offset, int size, int levels) {
        double step = levels > 0 ? (MAX_HU - MIN_HU) / (levels - 1.0) : 0;
        for (int i = offset; i < offset + size; i++) {
            float x = Math.max(MIN_HU, Math.min(MAX_HU, v[i]));
            if (levels > 0) {
                x = (float) (MIN_HU + Math.rint((x - MIN_HU) / step) * step);
            }
            v[i] = x;
        }
    }
}
