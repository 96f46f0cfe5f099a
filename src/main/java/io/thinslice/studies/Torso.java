package io.thinslice.studies;

/** What chest and abdomen share: the patient table and the layered body wall. */
final class Torso {

    private Torso() {
    }

    /** The scanner table under a supine patient whose back is at y = {@code backY}: carbon skins round a foam core. */
    static void table(SlicePainter p, double backY) {
        double top = backY + 6;
        p.box(-240, 240, top, top + 2.5, Tissue.PLASTIC);
        p.box(-240, 240, top + 2.5, top + 32, Tissue.FOAM);
        p.box(-240, 240, top + 32, top + 34.5, Tissue.PLASTIC);
    }

    /**
     * Skin, subcutaneous fat ({@code fatSide} mm at the sides, {@code fatFront} in front and behind), and a muscle
     * wall {@code muscle} mm thick split by a thin fat plane; returns the inner cavity {a, b, cy}.
     */
    static double[] wall(SlicePainter p, double a, double b, double fatSide, double fatFront, double muscle) {
        p.ellipse(0, 0, a, b, 0, Tissue.SKIN);
        p.ellipse(0, 0, a - 2, b - 2, 0, Tissue.FAT);
        double ma = a - 2 - fatSide;
        double mb = b - 2 - fatFront;
        double cy = 3;
        p.ellipse(0, cy, ma, mb, 0, Tissue.MUSCLE);
        p.ellipse(0, cy, ma - muscle * 0.45, mb - muscle * 0.45, 0, Tissue.FAT);
        p.ellipse(0, cy, ma - muscle * 0.45 - 1.5, mb - muscle * 0.45 - 1.5, 0, Tissue.MUSCLE);
        double ca = ma - muscle;
        double cb = mb - muscle;
        p.ellipse(0, cy, ca, cb, 0, Tissue.FAT);
        return new double[] {ca, cb, cy};
    }

    /**
     * A rib of side {@code s} (±1) following the cavity ellipse ({@code ca}, {@code cb}, centre y {@code cy}) from the
     * spine forwards, starting at height {@code zBack} and falling {@code drop} mm by its front end; as a tube with
     * cortex and marrow, then costal cartilage to the front.
     */
    static void rib(SlicePainter p, int s, double ca, double cb, double cy, double zBack, double drop, double thetaEnd) {
        int pieces = 14;
        double th0 = 0.38;
        double ra = ca + 5;
        double rb = cb + 5;
        double zMin = zBack - drop - 8;
        double zMax = zBack + 10;
        if (p.z() < zMin || p.z() > zMax) {
            return;
        }
        double[] xs = new double[pieces + 1];
        double[] ys = new double[pieces + 1];
        double[] zs = new double[pieces + 1];
        for (int i = 0; i <= pieces; i++) {
            double th = th0 + (thetaEnd - th0) * i / pieces;
            double u = (th - th0) / (thetaEnd - th0);
            xs[i] = s * ra * StrictMath.sin(th);
            ys[i] = cy + rb * StrictMath.cos(th);
            zs[i] = zBack + 5 * StrictMath.sin(3 * u) - drop * (0.35 * u + 0.65 * u * u);
        }
        int bony = pieces * 4 / 5;
        for (int i = 0; i < pieces; i++) {
            Segment seg = new Segment(xs[i], ys[i], zs[i], xs[i + 1], ys[i + 1], zs[i + 1], 4.6);
            if (i < bony) {
                p.capsule(seg, Tissue.THIN_CORTEX.shifted(250));
                p.capsule(seg, -1.3, Tissue.CANCELLOUS_BONE);
            } else {
                p.capsule(seg, -0.5, Tissue.CARTILAGE.shifted(30));
            }
        }
    }
}
