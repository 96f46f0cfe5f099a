package io.thinslice.studies;

import java.util.Arrays;

/**
 * Paints tissue shapes into one axial slice of a body phantom. Shapes are given in patient mm (x towards the
 * patient's left = along the columns, y posterior = down the rows, z superior, the stack's centre at 0), so that a
 * spec with other pixel spacing shows the same anatomy. Each pixel holds a value and the two texture amplitudes of
 * {@link Tissue}; a shape blends its tissue in by the fraction of the pixel it covers (4×4 samples along its edge),
 * so edges carry partial volume at any orientation and sharpness is set only by the reconstruction kernel.
 */
final class SlicePainter {
    private static final double[] SUB = {-0.375, -0.125, 0.125, 0.375};
    /** Pixels farther than this (px) from an edge by the first-order distance estimate are wholly in or out. */
    private static final double EDGE_PX = 1.25;

    final int rows;
    final int columns;
    final double pixelMm;
    /** Patient x and y (mm) of the centre of pixel (0, 0). */
    final double x0;
    final double y0;
    final float[] hu;
    final float[] smooth;
    final float[] ridged;
    private double z;

    SlicePainter(int rows, int columns, double pixelMm) {
        this.rows = rows;
        this.columns = columns;
        this.pixelMm = pixelMm;
        this.x0 = -(columns - 1) * pixelMm / 2;
        this.y0 = -(rows - 1) * pixelMm / 2;
        this.hu = new float[rows * columns];
        this.smooth = new float[rows * columns];
        this.ridged = new float[rows * columns];
    }

    /** Starts the slice at height {@code zMm}: all air. */
    void begin(double zMm) {
        z = zMm;
        Arrays.fill(hu, Tissue.AIR.hu());
        Arrays.fill(smooth, 0);
        Arrays.fill(ridged, 0);
    }

    double z() {
        return z;
    }

    // ---- shapes ----

    /** An ellipse (an upright elliptic cylinder): semi-axes {@code a} along {@code angleDeg} from +x, {@code b} across. */
    void ellipse(double cx, double cy, double a, double b, double angleDeg, Tissue t) {
        ellipse(cx, cy, a, b, angleDeg, t, 1);
    }

    void ellipse(double cx, double cy, double a, double b, double angleDeg, Tissue t, double opacity) {
        ellipse(cx, cy, a, b, angleDeg, t, opacity, 0, 0);
    }

    /**
     * An ellipse cut by the horizontal line y = {@code clipY}: {@code clipSide} +1 keeps the posterior part (y larger,
     * where fluid settles in a supine patient), −1 the anterior part, 0 all.
     */
    void ellipse(double cx, double cy, double a, double b, double angleDeg, Tissue t, double opacity, double clipY, int clipSide) {
        if (a <= 0 || b <= 0) {
            return;
        }
        double th = Math.toRadians(angleDeg);
        double cos = StrictMath.cos(th);
        double sin = StrictMath.sin(th);
        double ia = 1 / (a * a);
        double ib = 1 / (b * b);
        conic(cx, cy, ia * cos * cos + ib * sin * sin, (ia - ib) * cos * sin, ia * sin * sin + ib * cos * cos, 1, t, opacity,
                clipY, clipSide);
    }

    void ellipsoid(Ellipsoid e, Tissue t) {
        ellipsoid(e, t, 1, 0, 0);
    }

    /** The cut of {@code e} by this slice, clipped like {@link #ellipse(double, double, double, double, double, Tissue, double, double, int)}. */
    void ellipsoid(Ellipsoid e, Tissue t, double opacity, double clipY, int clipSide) {
        double w = z - e.cz;
        if (Math.abs(w) >= e.zReach) {
            return;
        }
        double det = e.q00 * e.q11 - e.q01 * e.q01;
        double bx = w * e.q02;
        double by = w * e.q12;
        // Centre of the cut: minimum of the quadric in the slice plane.
        double sx = -(e.q11 * bx - e.q01 * by) / det;
        double sy = -(-e.q01 * bx + e.q00 * by) / det;
        double level = 1 - (e.q22 * w * w + bx * sx + by * sy);
        if (level <= 0) {
            return;
        }
        conic(e.cx + sx, e.cy + sy, e.q00, e.q01, e.q11, level, t, opacity, clipY, clipSide);
    }

    void capsule(Segment s, Tissue t) {
        capsule(s.ax(), s.ay(), s.az(), s.bx(), s.by(), s.bz(), s.r(), t, 1);
    }

    void capsule(Segment s, double grownMm, Tissue t) {
        capsule(s.ax(), s.ay(), s.az(), s.bx(), s.by(), s.bz(), s.r() + grownMm, t, 1);
    }

    /** Every point within {@code r} mm of the segment a–b (a tube of any orientation, with round ends). */
    void capsule(double ax, double ay, double az, double bx, double by, double bz, double r, Tissue t, double opacity) {
        if (r <= 0 || opacity <= 0) {
            return;
        }
        double vx = bx - ax;
        double vy = by - ay;
        double vz = bz - az;
        double lo = 0;
        double hi = 1;
        if (Math.abs(vz) < 1e-9) {
            if (Math.abs(z - az) >= r) {
                return;
            }
        } else {
            double t1 = (z - r - az) / vz;
            double t2 = (z + r - az) / vz;
            lo = Math.max(0, Math.min(t1, t2));
            hi = Math.min(1, Math.max(t1, t2));
            if (lo > hi) {
                return;
            }
        }
        double xa = ax + lo * vx;
        double xb = ax + hi * vx;
        double ya = ay + lo * vy;
        double yb = ay + hi * vy;
        int c0 = Math.max(0, col(Math.min(xa, xb) - r) - 1);
        int c1 = Math.min(columns - 1, col(Math.max(xa, xb) + r) + 2);
        int r0 = Math.max(0, row(Math.min(ya, yb) - r) - 1);
        int r1 = Math.min(rows - 1, row(Math.max(ya, yb) + r) + 2);
        double vv = vx * vx + vy * vy + vz * vz;
        double edge = EDGE_PX * pixelMm;
        for (int rr = r0; rr <= r1; rr++) {
            double y = y0 + rr * pixelMm;
            for (int cc = c0; cc <= c1; cc++) {
                double x = x0 + cc * pixelMm;
                double d = segmentDistance(x, y, ax, ay, az, vx, vy, vz, vv) - r;
                double coverage;
                if (d >= edge) {
                    continue;
                } else if (d <= -edge) {
                    coverage = 1;
                } else {
                    int inside = 0;
                    for (double sy : SUB) {
                        for (double sx : SUB) {
                            if (segmentDistance(x + sx * pixelMm, y + sy * pixelMm, ax, ay, az, vx, vy, vz, vv) <= r) {
                                inside++;
                            }
                        }
                    }
                    if (inside == 0) {
                        continue;
                    }
                    coverage = inside / 16.0;
                }
                blend(rr * columns + cc, coverage * opacity, t);
            }
        }
    }

    /** An axis-aligned rectangle in the slice (table tops, straight edges), exact box-filtered coverage. */
    void box(double xa, double xb, double ya, double yb, Tissue t) {
        int c0 = Math.max(0, col(xa) - 1);
        int c1 = Math.min(columns - 1, col(xb) + 1);
        int r0 = Math.max(0, row(ya) - 1);
        int r1 = Math.min(rows - 1, row(yb) + 1);
        double h = pixelMm / 2;
        for (int rr = r0; rr <= r1; rr++) {
            double y = y0 + rr * pixelMm;
            double cy = overlap(y - h, y + h, ya, yb) / pixelMm;
            if (cy <= 0) {
                continue;
            }
            for (int cc = c0; cc <= c1; cc++) {
                double x = x0 + cc * pixelMm;
                double coverage = cy * overlap(x - h, x + h, xa, xb) / pixelMm;
                if (coverage > 0) {
                    blend(rr * columns + cc, coverage, t);
                }
            }
        }
    }

    // ---- internals ----

    /** Pixels with (p − c)ᵀ Q (p − c) ≤ level, Q = [[q00, q01], [q01, q11]] in mm⁻². */
    private void conic(double cx, double cy, double q00, double q01, double q11, double level, Tissue t,
                       double opacity, double clipY, int clipSide) {
        if (opacity <= 0) {
            return;
        }
        q00 /= level;
        q01 /= level;
        q11 /= level;
        double det = q00 * q11 - q01 * q01;
        if (!(det > 0)) {
            return;
        }
        double hx = Math.sqrt(q11 / det);
        double hy = Math.sqrt(q00 / det);
        // The ellipse scaled by ρ lies at least |1 − ρ| × its shortest semi-axis from the edge, so most pixels are
        // decided from q = ρ² alone.
        double shortest = 1 / Math.sqrt(0.5 * (q00 + q11) + Math.sqrt(0.25 * (q00 - q11) * (q00 - q11) + q01 * q01));
        double band = EDGE_PX * pixelMm / shortest;
        double surelyIn = band < 1 ? (1 - band) * (1 - band) : -1;
        double surelyOut = (1 + band) * (1 + band);
        int c0 = Math.max(0, col(cx - hx) - 1);
        int c1 = Math.min(columns - 1, col(cx + hx) + 2);
        int r0 = Math.max(0, row(cy - hy) - 1);
        int r1 = Math.min(rows - 1, row(cy + hy) + 2);
        for (int rr = r0; rr <= r1; rr++) {
            double y = y0 + rr * pixelMm;
            double clip = clipSide == 0 ? 1 : clamp01(0.5 + clipSide * (y - clipY) / pixelMm);
            if (clip <= 0) {
                continue;
            }
            double dy = y - cy;
            for (int cc = c0; cc <= c1; cc++) {
                double dx = x0 + cc * pixelMm - cx;
                double q = q00 * dx * dx + 2 * q01 * dx * dy + q11 * dy * dy;
                double d;
                if (q >= surelyOut) {
                    continue;
                } else if (q <= surelyIn) {
                    d = -Double.MAX_VALUE;
                } else {
                    double gx = q00 * dx + q01 * dy;
                    double gy = q01 * dx + q11 * dy;
                    double g = Math.sqrt(gx * gx + gy * gy);
                    double rho = Math.sqrt(q);
                    // First-order (Sampson) distance to the edge, in pixels; negative inside.
                    d = g > 0 ? (rho - 1) * rho / g / pixelMm : -Double.MAX_VALUE;
                }
                double coverage;
                if (d >= EDGE_PX) {
                    continue;
                } else if (d <= -EDGE_PX) {
                    coverage = 1;
                } else {
                    int inside = 0;
                    for (double sy : SUB) {
                        double ey = dy + sy * pixelMm;
                        for (double sx : SUB) {
                            double ex = dx + sx * pixelMm;
                            if (q00 * ex * ex + 2 * q01 * ex * ey + q11 * ey * ey <= 1) {
                                inside++;
                            }
                        }
                    }
                    if (inside == 0) {
                        continue;
                    }
                    coverage = inside / 16.0;
                }
                blend(rr * columns + cc, coverage * opacity * clip, t);
            }
        }
    }

    private double segmentDistance(double x, double y, double ax, double ay, double az, double vx, double vy, double vz, double vv) {
        double px = x - ax;
        double py = y - ay;
        double pz = z - az;
        double s = vv > 0 ? Math.max(0, Math.min(1, (px * vx + py * vy + pz * vz) / vv)) : 0;
        double dx = px - s * vx;
        double dy = py - s * vy;
        double dz = pz - s * vz;
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    private void blend(int i, double coverage, Tissue t) {
        float w = (float) coverage;
        hu[i] += w * (t.hu() - hu[i]);
        smooth[i] += w * (t.smooth() - smooth[i]);
        ridged[i] += w * (t.ridged() - ridged[i]);
    }

    private int col(double x) {
        return (int) Math.floor((x - x0) / pixelMm);
    }

    private int row(double y) {
        return (int) Math.floor((y - y0) / pixelMm);
    }

    private static double overlap(double a0, double a1, double b0, double b1) {
        return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
    }

    private static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
