package io.thinslice.studies;

/**
 * An ellipsoid in patient space (mm; x towards the patient's left, y posterior, z superior), stored as the quadric
 * (p − c)ᵀ Q (p − c) ≤ 1 so that its cut by any axial slice is an ellipse that can be found in closed form. Its axes
 * may be tilted out of the slice plane, so its cut moves and changes shape from slice to slice, as organs and
 * oblique bony plates do.
 */
final class Ellipsoid {
    final double cx;
    final double cy;
    final double cz;
    private final double a;
    private final double b;
    private final double c;
    private final double[] rotation; // 3×3 row-major; column k is local axis k in patient space
    final double q00;
    final double q01;
    final double q02;
    final double q11;
    final double q12;
    final double q22;
    /** Half the extent along z, mm: no slice farther than this from cz cuts the ellipsoid. */
    final double zReach;

    private Ellipsoid(double cx, double cy, double cz, double a, double b, double c, double[] rotation) {
        this.cx = cx;
        this.cy = cy;
        this.cz = cz;
        this.a = a;
        this.b = b;
        this.c = c;
        this.rotation = rotation;
        double[] inv = {1 / (a * a), 1 / (b * b), 1 / (c * c)};
        double[] q = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += rotation[i * 3 + k] * inv[k] * rotation[j * 3 + k];
                }
                q[i * 3 + j] = s;
            }
        }
        q00 = q[0];
        q01 = q[1];
        q02 = q[2];
        q11 = q[4];
        q12 = q[5];
        q22 = q[8];
        zReach = Math.sqrt(sq(rotation[6] * a) + sq(rotation[7] * b) + sq(rotation[8] * c));
    }

    /**
     * An ellipsoid with semi-axes {@code a}, {@code b}, {@code c} (mm, along x, y, z before rotation), turned by
     * {@code yawDeg} about z (in the slice plane), then tilted by {@code pitchDeg} about x (sagittal tilt) and
     * {@code rollDeg} about y (coronal tilt).
     */
    static Ellipsoid of(double cx, double cy, double cz, double a, double b, double c,
                        double yawDeg, double pitchDeg, double rollDeg) {
        double[] rz = rotZ(Math.toRadians(yawDeg));
        double[] rx = rotX(Math.toRadians(pitchDeg));
        double[] ry = rotY(Math.toRadians(rollDeg));
        return new Ellipsoid(cx, cy, cz, a, b, c, mul(rz, mul(rx, ry)));
    }

    static Ellipsoid of(double cx, double cy, double cz, double a, double b, double c) {
        return of(cx, cy, cz, a, b, c, 0, 0, 0);
    }

    static Ellipsoid sphere(double cx, double cy, double cz, double r) {
        return of(cx, cy, cz, r, r, r);
    }

    /** The same ellipsoid with every semi-axis longer by {@code mm} (a wall, capsule or fat rim around it). */
    Ellipsoid grown(double mm) {
        return new Ellipsoid(cx, cy, cz, a + mm, b + mm, c + mm, rotation);
    }

    /**
     * An ellipsoid turned like this one, centred at local position ({@code lx}, {@code ly}, {@code lz}) of this one's
     * frame, with semi-axes along this one's axes: parts of an organ (renal pyramids, heart chambers).
     */
    Ellipsoid part(double lx, double ly, double lz, double pa, double pb, double pc) {
        double[] r = rotation;
        return new Ellipsoid(cx + r[0] * lx + r[1] * ly + r[2] * lz, cy + r[3] * lx + r[4] * ly + r[5] * lz,
                cz + r[6] * lx + r[7] * ly + r[8] * lz, pa, pb, pc, rotation);
    }

    boolean contains(double x, double y, double z) {
        double dx = x - cx;
        double dy = y - cy;
        double dz = z - cz;
        return q00 * dx * dx + q11 * dy * dy + q22 * dz * dz + 2 * (q01 * dx * dy + q02 * dx * dz + q12 * dy * dz) <= 1;
    }

    private static double sq(double v) {
        return v * v;
    }

    private static double[] rotZ(double t) {
        double c = StrictMath.cos(t);
        double s = StrictMath.sin(t);
        return new double[] {c, -s, 0, s, c, 0, 0, 0, 1};
    }

    private static double[] rotX(double t) {
        double c = StrictMath.cos(t);
        double s = StrictMath.sin(t);
        return new double[] {1, 0, 0, 0, c, -s, 0, s, c};
    }

    private static double[] rotY(double t) {
        double c = StrictMath.cos(t);
        double s = StrictMath.sin(t);
        return new double[] {c, 0, s, 0, 1, 0, -s, 0, c};
    }

    private static double[] mul(double[] m, double[] n) {
        double[] out = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[i * 3 + j] = m[i * 3] * n[j] + m[i * 3 + 1] * n[3 + j] + m[i * 3 + 2] * n[6 + j];
            }
        }
        return out;
    }
}
