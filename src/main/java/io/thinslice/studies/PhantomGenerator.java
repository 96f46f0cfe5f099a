package io.thinslice.studies;

import io.thinslice.volume.Geometry;
import io.thinslice.volume.Volume;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Deterministic synthetic thin-slice CT phantom of a chest-like body, in HU.
 *
 * <p>The phantom holds, from outside in: air (−1000 HU); an elliptical body of soft tissue (~40 HU) inside a
 * subcutaneous fat ring (~−100 HU); two lungs (~−850 HU) that grow and shrink along z; an aorta and a handful of
 * small oblique vessels (~200 HU, 1–3 px across); a spine whose vertebral bodies (cortex 1300 HU, marrow 450 HU)
 * alternate with discs along z, with its posterior arch and spinal canal; ribs (cortex 1200 HU, marrow 420 HU) that
 * drift around the body wall and come and go along z; a thin high-contrast plate (2000 HU) tilted 45° to the slices;
 * and four small spheres of different radii (lung nodules and soft-tissue lesions, 40–250 HU) that span only a few
 * thin slices, so that how slices are sampled along z genuinely matters. Edges are partial-volume blended in-plane.
 * Gaussian noise (σ = 10 HU) is added and values are clamped to [−1024, 3071].
 *
 * <p>Large anatomy is laid out relative to the field of view and the z extent of the stack, so every spec shows the
 * same body; the small structures are sized in pixels and mm. Everything random (noise, vessel paths) comes from one
 * {@link SplittableRandom} seeded with {@link PhantomSpec#seed()}: the same spec always gives a bit-identical array.
 */
public final class PhantomGenerator {
    /** Air outside the body, HU. */
    public static final float AIR_HU = -1000f;
    /** Subcutaneous fat, HU. */
    public static final float FAT_HU = -100f;
    /** Soft tissue, HU. */
    public static final float SOFT_TISSUE_HU = 40f;
    /** Aerated lung, HU. */
    public static final float LUNG_HU = -850f;
    /** Contrast-filled vessels, HU. */
    public static final float VESSEL_HU = 200f;
    /** Vertebral cortical bone, HU. */
    public static final float CORTICAL_BONE_HU = 1300f;
    /** Vertebral marrow (cancellous bone), HU. */
    public static final float MARROW_HU = 450f;
    /** Rib cortex, HU. */
    public static final float RIB_CORTEX_HU = 1200f;
    /** Rib marrow, HU. */
    public static final float RIB_MARROW_HU = 420f;
    /** Thin tilted plate, HU. */
    public static final float PLATE_HU = 2000f;
    /** Standard deviation of the added Gaussian noise, HU. */
    public static final double NOISE_SIGMA_HU = 10.0;
    /** Lowest and highest value a voxel can take, HU. */
    public static final float MIN_HU = -1024f;
    public static final float MAX_HU = 3071f;

    private static final float DISC_HU = 80f;
    private static final float ARCH_HU = 1000f;
    private static final float CSF_HU = 15f;
    private static final float NODULE_HU = 40f;
    private static final int VESSELS = 6;

    private PhantomGenerator() {
    }

    /**
     * Builds the phantom.
     *
     * @param spec size, spacing (mm) and seed
     * @return HU voxels in (z, y, x) order, {@code spec.thinSlices()} × {@code spec.rows()} × {@code spec.columns()},
     *         with an axial geometry centred on (0, 0, 0) mm: slice spacing {@code thinSpacingMm}, pixel spacing
     *         {@code pixelSpacingMm}
     */
    public static Volume thin(PhantomSpec spec) {
        int n = spec.thinSlices();
        int rows = spec.rows();
        int columns = spec.columns();
        SplittableRandom root = new SplittableRandom(spec.seed());
        Layout layout = new Layout(spec, root);
        SplittableRandom[] noise = new SplittableRandom[n];
        for (int k = 0; k < n; k++) {
            noise[k] = root.split();
        }
        float[] voxels = new float[n * rows * columns];
        IntStream.range(0, n).parallel().forEach(k -> {
            Painter painter = new Painter(voxels, k * rows * columns, rows, columns);
            layout.paintSlice(painter, k);
            painter.addNoiseAndClamp(noise[k], NOISE_SIGMA_HU);
        });
        double ps = spec.pixelSpacingMm();
        double[] origin = {-(columns - 1) * ps / 2, -(rows - 1) * ps / 2, -(n - 1) * spec.thinSpacingMm() / 2};
        return new Volume(voxels, n, rows, columns, Geometry.axial(origin, ps, spec.thinSpacingMm()));
    }

    /**
     * Where everything lies. In-plane positions are in "body units" u, v (1 = half the smaller side of the field of
     * view, v grows towards the patient's back, i.e. down the image); z positions in mm from slice 0 or as a fraction
     * t of the stack's extent.
     */
    private static final class Layout {
        final int n;
        final double thinMm;
        final double pixelMm;
        final double scalePx; // pixels per body unit
        final double cx;
        final double cy;
        final double mmPerUnit;
        final double zExtentMm;
        final double[][] vessels; // u0, v0, du, dv, radiusPx per vessel
        final double[][] spheres; // u, v, zMm, radiusMm, hu

        Layout(PhantomSpec spec, SplittableRandom random) {
            n = spec.thinSlices();
            thinMm = spec.thinSpacingMm();
            pixelMm = spec.pixelSpacingMm();
            scalePx = Math.min(spec.rows(), spec.columns()) / 2.0;
            cx = (spec.columns() - 1) / 2.0;
            cy = (spec.rows() - 1) / 2.0;
            mmPerUnit = scalePx * pixelMm;
            zExtentMm = Math.max((n - 1) * thinMm, thinMm);
            vessels = new double[VESSELS][];
            for (int i = 0; i < VESSELS; i++) {
                double side = i % 2 == 0 ? -1 : 1;
                double u0 = side * (0.28 + 0.22 * random.nextDouble());
                double v0 = -0.22 + 0.40 * random.nextDouble();
                double du = (random.nextDouble() - 0.5) * 0.35;
                double dv = (random.nextDouble() - 0.5) * 0.35;
                double diameterPx = 1.0 + 2.0 * random.nextDouble();
                vessels[i] = new double[] {u0, v0, du, dv, diameterPx / 2};
            }
            double base = Math.max(pixelMm, thinMm);
            double zFull = (n - 1) * thinMm;
            spheres = new double[][] {
                {-0.40, 0.02, 0.30 * zFull, 0.9 * base, NODULE_HU},
                {0.41, -0.08, 0.55 * zFull, 1.5 * base, NODULE_HU},
                {-0.05, 0.04, 0.70 * zFull, 2.4 * base, 250},
                {0.00, -0.15, 0.40 * zFull, 3.4 * base, 120},
            };
        }

        double px(double u) {
            return cx + u * scalePx;
        }

        double py(double v) {
            return cy + v * scalePx;
        }

        double len(double units) {
            return units * scalePx;
        }

        void paintSlice(Painter p, int k) {
            double t = n > 1 ? k / (double) (n - 1) : 0.5;
            double zMm = k * thinMm;
            p.fill(AIR_HU);

            // Body: fat ring around soft tissue; both change shape along z.
            double bodyV = 0.02;
            double bodyA = 0.84 + 0.06 * StrictMath.sin(Math.PI * t);
            double bodyB = 0.60 + 0.05 * StrictMath.sin(Math.PI * t) + 0.03 * t;
            double fatPx = Math.max(len(0.07 + 0.025 * StrictMath.cos(2 * Math.PI * t)), 1.5);
            p.ellipse(px(0), py(bodyV), len(bodyA), len(bodyB), 0, FAT_HU, 1);
            p.ellipse(px(0), py(bodyV), len(bodyA) - fatPx, len(bodyB) - fatPx, 0, SOFT_TISSUE_HU, 1);

            // Lungs: largest a third of the way up, shrinking to small apices; the left one smaller (heart).
            double g = 0.40 + 0.60 * StrictMath.sin(Math.PI * (0.25 + 0.70 * t));
            double lungV = -0.02 + 0.04 * t;
            p.ellipse(px(-0.40), py(lungV), len(0.26 * g), len(0.36 * g), 0.15, LUNG_HU, 1);
            p.ellipse(px(0.41), py(lungV), len(0.26 * 0.9 * g), len(0.36 * 0.9 * g), -0.15, LUNG_HU, 1);

            // Small vessels running obliquely through z; their cut is an ellipse stretched along their drift.
            for (double[] vessel : vessels) {
                double du = vessel[2];
                double dv = vessel[3];
                double inPlaneMm = StrictMath.hypot(du, dv) * mmPerUnit;
                double stretch = Math.min(4.0, Math.sqrt(1 + StrictMath.pow(inPlaneMm / zExtentMm, 2)));
                p.ellipse(px(vessel[0] + du * (t - 0.5)), py(vessel[1] + dv * (t - 0.5)), vessel[4] * stretch,
                        vessel[4], StrictMath.atan2(dv, du), VESSEL_HU, 1);
            }
            // Aorta, left of and in front of the spine.
            p.ellipse(px(0.10 + 0.02 * t), py(0.08), Math.max(len(0.065), 1.5), Math.max(len(0.065), 1.5), 0, VESSEL_HU, 1);

            // Spheres: nodules and lesions a few thin slices tall.
            for (double[] s : spheres) {
                double dz = zMm - s[2];
                if (Math.abs(dz) < s[3]) {
                    double rPx = Math.sqrt(s[3] * s[3] - dz * dz) / pixelMm;
                    p.ellipse(px(s[0]), py(s[1]), rPx, rPx, 0, (float) s[4], 1);
                }
            }

            // Thin plate tilted 45° to the slices: its cut is a vertical line moving 1 mm per mm of z.
            double plateU = (zMm - 0.5 * (n - 1) * thinMm) / mmPerUnit;
            double plateHalfU = 0.12;
            double plateOpacity = clamp((plateHalfU - Math.abs(plateU)) * scalePx + 0.5);
            if (plateOpacity > 0) {
                p.verticalBand(px(plateU), 0.6, py(-0.50), py(-0.28), PLATE_HU, plateOpacity);
            }

            // Spine: vertebral bodies (bright cortex, darker marrow) alternating with discs along z.
            double period = 24.0;
            double phase = floorMod(zMm - 7.0, period);
            double toDisc = Math.min(phase, period - phase);
            double bone = smoothstep(1.7, 3.3, toDisc);
            double vbA = len(0.12);
            double vbB = len(0.10);
            double cortexPx = Math.max(len(0.025), 1.2);
            p.ellipse(px(0), py(0.30), vbA, vbB, 0, DISC_HU, 1);
            p.ellipse(px(0), py(0.30), vbA, vbB, 0, CORTICAL_BONE_HU, bone);
            p.ellipse(px(0), py(0.30), vbA - cortexPx, vbB - cortexPx, 0, MARROW_HU, bone);
            p.ellipse(px(0), py(0.46), len(0.10), len(0.085), 0, ARCH_HU, 1);
            p.ellipse(px(0), py(0.46), len(0.055), len(0.05), 0, CSF_HU, 1);
            p.ellipse(px(0), py(0.53), Math.max(len(0.025), 0.8), len(0.05), 0, ARCH_HU, 0.3 + 0.7 * bone);

            // Ribs: just inside the fat ring, drifting round the body wall and appearing/disappearing along z.
            double ribA = bodyA - (fatPx / scalePx) - 0.05;
            double ribB = bodyB - (fatPx / scalePx) - 0.05;
            double ribMajor = Math.max(len(0.045), 1.6);
            double ribMinor = Math.max(len(0.03), 1.1);
            double[] angles = {-55, -25, 5, 35, 62};
            for (int side = 0; side < 2; side++) {
                for (int i = 0; i < angles.length; i++) {
                    double theta = StrictMath.toRadians(angles[i]) + 0.30 * (t - 0.5);
                    if (side == 1) {
                        theta = Math.PI - theta;
                    }
                    double opacity = smoothstep(-0.6, -0.1,
                            StrictMath.cos(2 * Math.PI * zMm / 30.0 + 1.3 * i + 0.4 * side));
                    if (opacity <= 0) {
                        continue;
                    }
                    double ru = ribA * StrictMath.cos(theta);
                    double rv = bodyV + ribB * StrictMath.sin(theta);
                    double tangent = StrictMath.atan2(ribB * StrictMath.cos(theta), -ribA * StrictMath.sin(theta));
                    p.ellipse(px(ru), py(rv), ribMajor, ribMinor, tangent, RIB_CORTEX_HU, opacity);
                    p.ellipse(px(ru), py(rv), ribMajor * 0.5, ribMinor * 0.5, tangent, RIB_MARROW_HU, opacity);
                }
            }
        }
    }

    /** Paints anti-aliased shapes into one slice, (y, x), in pixel coordinates (column, row). */
    private static final class Painter {
        private static final double[] SUB = {-0.375, -0.125, 0.125, 0.375};
        private final float[] data;
        private final int offset;
        private final int rows;
        private final int columns;

        Painter(float[] data, int offset, int rows, int columns) {
            this.data = data;
            this.offset = offset;
            this.rows = rows;
            this.columns = columns;
        }

        void fill(float value) {
            Arrays.fill(data, offset, offset + rows * columns, value);
        }

        /**
         * Blends {@code value} into an ellipse centred at ({@code x}, {@code y}) px with semi-axes {@code a} (along
         * {@code angle}, radians from +x towards +y) and {@code b}, px, weighted by pixel coverage × {@code opacity}.
         */
        void ellipse(double x, double y, double a, double b, double angle, float value, double opacity) {
            if (a <= 0 || b <= 0 || opacity <= 0) {
                return;
            }
            double cos = StrictMath.cos(angle);
            double sin = StrictMath.sin(angle);
            double hx = Math.sqrt(a * a * cos * cos + b * b * sin * sin);
            double hy = Math.sqrt(a * a * sin * sin + b * b * cos * cos);
            int x0 = Math.max(0, (int) Math.floor(x - hx - 1));
            int x1 = Math.min(columns - 1, (int) Math.ceil(x + hx + 1));
            int y0 = Math.max(0, (int) Math.floor(y - hy - 1));
            int y1 = Math.min(rows - 1, (int) Math.ceil(y + hy + 1));
            double ia2 = 1 / (a * a);
            double ib2 = 1 / (b * b);
            double minAxis = Math.min(a, b);
            for (int r = y0; r <= y1; r++) {
                double dy = r - y;
                int base = offset + r * columns;
                for (int c = x0; c <= x1; c++) {
                    double dx = c - x;
                    double ex = dx * cos + dy * sin;
                    double ey = -dx * sin + dy * cos;
                    double q = ex * ex * ia2 + ey * ey * ib2;
                    double rho = Math.sqrt(q);
                    double gx = ex * ia2;
                    double gy = ey * ib2;
                    double grad = Math.sqrt(gx * gx + gy * gy);
                    // First-order distance to the boundary, px (negative inside).
                    double distance = grad > 0 ? (rho - 1) * rho / grad : -minAxis;
                    double coverage;
                    if (distance >= 1.5) {
                        continue;
                    } else if (distance <= -1.5) {
                        coverage = 1;
                    } else {
                        int inside = 0;
                        for (double sy : SUB) {
                            for (double sx : SUB) {
                                double fx = ex + sx * cos + sy * sin;
                                double fy = ey - sx * sin + sy * cos;
                                if (fx * fx * ia2 + fy * fy * ib2 <= 1) {
                                    inside++;
                                }
                            }
                        }
                        if (inside == 0) {
                            continue;
                        }
                        coverage = inside / 16.0;
                    }
                    int i = base + c;
                    data[i] += (float) (opacity * coverage * (value - data[i]));
                }
            }
        }

        /** Blends {@code value} into the band |x − {@code xc}| ≤ {@code halfWidth}, {@code ya} ≤ y ≤ {@code yb}, px. */
        void verticalBand(double xc, double halfWidth, double ya, double yb, float value, double opacity) {
            int x0 = Math.max(0, (int) Math.floor(xc - halfWidth - 1));
            int x1 = Math.min(columns - 1, (int) Math.ceil(xc + halfWidth + 1));
            int y0 = Math.max(0, (int) Math.floor(ya - 1));
            int y1 = Math.min(rows - 1, (int) Math.ceil(yb + 1));
            for (int r = y0; r <= y1; r++) {
                double cy = overlap(r - 0.5, r + 0.5, ya, yb);
                if (cy <= 0) {
                    continue;
                }
                for (int c = x0; c <= x1; c++) {
                    double coverage = cy * overlap(c - 0.5, c + 0.5, xc - halfWidth, xc + halfWidth);
                    if (coverage > 0) {
                        int i = offset + r * columns + c;
                        data[i] += (float) (opacity * coverage * (value - data[i]));
                    }
                }
            }
        }

        /** Adds Gaussian noise (polar Box–Muller on {@code random} with StrictMath, so stable across JDKs) and clamps to the HU range. */
        void addNoiseAndClamp(SplittableRandom random, double sigma) {
            int end = offset + rows * columns;
            int i = offset;
            while (i < end) {
                double u;
                double v;
                double s;
                do {
                    u = 2 * random.nextDouble() - 1;
                    v = 2 * random.nextDouble() - 1;
                    s = u * u + v * v;
                } while (s >= 1 || s == 0);
                double m = Math.sqrt(-2 * StrictMath.log(s) / s) * sigma;
                data[i] = clampHu(data[i] + (float) (u * m));
                i++;
                if (i < end) {
                    data[i] = clampHu(data[i] + (float) (v * m));
                    i++;
                }
            }
        }

        private static double overlap(double a0, double a1, double b0, double b1) {
            return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
        }

        private static float clampHu(float value) {
            return Math.max(MIN_HU, Math.min(MAX_HU, value));
        }
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(1, x));
    }

    private static double smoothstep(double edge0, double edge1, double x) {
        double s = clamp((x - edge0) / (edge1 - edge0));
        return s * s * (3 - 2 * s);
    }

    private static double floorMod(double x, double m) {
        double r = x % m;
        return r < 0 ? r + m : r;
    }
}
