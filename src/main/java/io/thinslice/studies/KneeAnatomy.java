package io.thinslice.studies;

import java.util.SplittableRandom;

/**
 * A right knee, non-contrast, from the mid calf (z ≈ −150 mm) to the distal thigh (z ≈ +150 mm), the joint line at
 * z = 0; the patient's left (+x) is medial. The femur tapers from a thick-walled shaft with fatty marrow to wide
 * condyles with a thin cortex over trabecular bone that end in rounded surfaces just above the joint; the tibia
 * flares from its shaft to a flat plateau with intercondylar spines; cartilage covers both, and a 6 mm joint space
 * with menisci, cruciate ligaments and fluid opens between them along z. Also the patella with its tendon and
 * Hoffa's fat pad, the fibular head and shaft, thigh and calf muscles separated by fat planes, the popliteal artery,
 * vein and tibial nerve (which drift across the slices), collateral ligaments, a suprapatellar fluid recess,
 * subcutaneous fat and the table.
 */
final class KneeAnatomy implements Anatomy {
    private final double drift;

    KneeAnatomy(SplittableRandom random) {
        // How far the popliteal bundle drifts sideways per 100 mm: varies between seeds.
        drift = 6 + 8 * random.nextDouble();
    }

    @Override
    public void paint(SlicePainter p) {
        double z = p.z();
        double a = 56 + 0.12 * Math.max(0, z) + 4 * Smooth.step(-20, -80, z);
        double b = 53 + 0.10 * Math.max(0, z) + 8 * Smooth.step(-10, -70, z);
        double cy = 4 + 3 * Smooth.step(-10, -70, z);
        Torso.table(p, cy + b - 2);
        p.ellipse(0, cy, a, b, 0, Tissue.SKIN);
        p.ellipse(0, cy, a - 1.8, b - 1.8, 0, Tissue.FAT);
        paintMuscles(p, z, cy);
        paintNeurovascular(p, z);
        paintLigamentsAndFluid(p);
        paintFemur(p, z);
        paintPatella(p);
        paintTibiaAndFibula(p, z);
        paintJoint(p);
    }

    private void muscle(SlicePainter p, double x, double y, double a, double b, double angle, double opacity) {
        if (opacity <= 0 || a < 1 || b < 1) {
            return;
        }
        // A fat plane round every muscle keeps neighbours apart.
        p.ellipse(x, y, a + 1.4, b + 1.4, angle, Tissue.FAT, opacity);
        p.ellipse(x, y, a, b, angle, Tissue.MUSCLE, opacity);
    }

    private void paintMuscles(SlicePainter p, double z, double cy) {
        double thigh = Smooth.step(8, 40, z); // bellies above the joint
        double calf = 1 - Smooth.step(-30, 10, z);
        double g = 1 + 0.003 * Math.max(0, z);
        muscle(p, 30, -12, 20 * g * Smooth.step(15, 45, z), 24 * g * Smooth.step(15, 45, z), -25, thigh); // vastus medialis
        muscle(p, -33, -4, 17 * g, 30 * g, 20, Smooth.step(30, 60, z)); // vastus lateralis
        muscle(p, 0, -10, 34 * g, 30 * g, 0, Smooth.step(45, 75, z)); // vastus intermedius round the shaft
        muscle(p, 0, -42 * g, 18 * g, 10, 0, Smooth.step(55, 80, z)); // rectus femoris
        muscle(p, -32, 36, 14 * thigh, 16 * thigh, 30, thigh); // biceps femoris
        muscle(p, 24, 36, 14 * thigh, 13 * thigh, -10, thigh); // semimembranosus
        muscle(p, 36, 26, 7, 8, 0, Smooth.step(-10, 10, z)); // semitendinosus
        muscle(p, 46, 12, 8, 12, 20, Smooth.step(-40, -20, z)); // sartorius
        muscle(p, 44, 26, 5, 6, 0, Smooth.step(-40, -20, z)); // gracilis
        double gastro = 1 - Smooth.step(8, 22, z);
        double gs = 0.6 + 0.4 * (1 - Smooth.step(-60, 10, z));
        muscle(p, 22, 36, 19 * gs, 17 * gs, -15, gastro); // medial gastrocnemius
        muscle(p, -20, 36, 17 * gs, 15 * gs, 15, gastro); // lateral gastrocnemius
        muscle(p, 0, 28, 28, 12, 0, calf * (1 - Smooth.step(-40, -30, z))); // soleus
        p.ellipsoid(Ellipsoid.of(0, 22, -22, 26, 6, 12, 0, 0, -25), Tissue.MUSCLE); // popliteus, oblique behind the tibia
        muscle(p, -24, -18, 12, 14, 0, 1 - Smooth.step(-30, -15, z)); // tibialis anterior
        muscle(p, -40, 8, 9, 13, 0, 1 - Smooth.step(-35, -20, z)); // peroneal muscles
    }

    private void paintNeurovascular(SlicePainter p, double z) {
        double d = drift / 100;
        p.capsule(5 - d * 150, 30, -150, 5 + d * 150, 26, 150, 3.4, Tissue.BLOOD, 1); // popliteal artery
        p.capsule(-3 - d * 150, 37, -150, -3 + d * 150, 33, 150, 4.6, Tissue.BLOOD, 1); // popliteal vein
        p.capsule(-6 - d * 100, 46, -150, -4 + d * 100, 42, 150, 2.6, Tissue.NERVE, 1); // tibial nerve
    }

    private void paintLigamentsAndFluid(SlicePainter p) {
        p.ellipsoid(Ellipsoid.of(0, -30, 40, 22, 4, 13), Tissue.FLUID); // suprapatellar recess
        p.ellipsoid(Ellipsoid.of(0, -28, -2, 22, 14, 15), Tissue.FAT); // Hoffa's fat pad
        p.ellipsoid(Ellipsoid.of(42, 6, 0, 2.2, 12, 38), Tissue.TENDON); // medial collateral ligament
        p.capsule(-40, 10, 16, -37, 22, -26, 2.6, Tissue.TENDON, 1); // lateral collateral ligament
    }

    private void paintFemur(SlicePainter p, double z) {
        if (z < 0) {
            return;
        }
        // Condyles: rounded like cylinders lying across the knee, so their cut narrows front to back much faster than
        // side to side as they near the joint; cartilage is the same shape 2.5 mm larger. Then the trochlea.
        Ellipsoid trochlea = Ellipsoid.of(0, -14, 28, 30, 14, 18);
        p.ellipsoid(trochlea.grown(2.5), Tissue.CARTILAGE);
        for (int s = -1; s <= 1; s += 2) {
            condyle(p, z, s, 2.5, Tissue.CARTILAGE);
        }
        p.ellipsoid(trochlea, Tissue.THIN_CORTEX.shifted(500));
        for (int s = -1; s <= 1; s += 2) {
            condyle(p, z, s, 0, Tissue.THIN_CORTEX.shifted(500));
        }
        p.ellipsoid(trochlea.grown(-1.3), Tissue.CANCELLOUS_BONE);
        for (int s = -1; s <= 1; s += 2) {
            condyle(p, z, s, -1.3, Tissue.CANCELLOUS_BONE);
        }
        // Shaft and metaphysis over the condyles' tops: the radius flares towards them while the cortex thins.
        double flare = Smooth.step(70, 25, z);
        double r = 14 + 24 * flare;
        double cortex = 5 - 3.8 * flare;
        double shaft = Smooth.step(22, 30, z);
        p.ellipse(3, 2, r, r * (0.95 - 0.2 * flare), 0, Tissue.CORTICAL_BONE, shaft);
        p.ellipse(3, 2, r - cortex, r * (0.95 - 0.2 * flare) - cortex, 0, Tissue.YELLOW_MARROW, shaft);
        p.ellipse(3, 2, r - cortex, r * (0.95 - 0.2 * flare) - cortex, 0, Tissue.CANCELLOUS_BONE, shaft * flare);
    }

    /** The medial (s = +1) or lateral (s = −1) femoral condyle grown by {@code grow} mm. */
    private static void condyle(SlicePainter p, double z, int s, double grow, Tissue t) {
        double zc = 24;
        double radius = 22 + grow;
        double top = 42;
        if (z <= zc - radius || z > top) {
            return;
        }
        double u = z < zc ? 1 - Math.pow((z - zc) / radius, 2) : 1;
        double a = (s > 0 ? 16.5 : 16) + grow;
        double b = 29 + grow;
        p.ellipse(s * 20, 6, a * Math.pow(u, 0.2), b * Math.sqrt(u), 0, t, 1 - Smooth.step(top - 8, top, z));
    }

    private void paintPatella(SlicePainter p) {
        Ellipsoid patella = Ellipsoid.of(0, -44, 22, 22, 10, 20, 0, 10, 0);
        p.ellipsoid(patella.part(0, 4, 0, 20, 8.5, 17), Tissue.CARTILAGE);
        p.ellipsoid(patella, Tissue.THIN_CORTEX.shifted(500));
        p.ellipsoid(patella.grown(-1.4), Tissue.CANCELLOUS_BONE);
        p.ellipsoid(Ellipsoid.of(0, -45, -18, 12, 3.5, 22, 0, -12, 0), Tissue.TENDON); // patellar tendon
        p.ellipsoid(Ellipsoid.of(0, -50, 52, 14, 4, 16, 0, 12, 0), Tissue.TENDON); // quadriceps tendon
    }

    private void paintTibiaAndFibula(SlicePainter p, double z) {
        if (z > 0) {
            return;
        }
        // Plateau at z = −3 with a rim rounded over 3.5 mm, epiphysis, then tapering to the shaft whose cortex
        // thickens; cartilage is the same shape raised by 2.5 mm and 1 mm wider.
        double[] cartilage = tibia(z, 2.5, 1);
        if (cartilage != null) {
            p.ellipse(cartilage[0], cartilage[1], cartilage[2], cartilage[3], 0, Tissue.CARTILAGE);
        }
        double[] bone = tibia(z, 0, 0);
        if (bone == null) {
            return;
        }
        double cortex = 1.1 + 3.9 * Smooth.step(-45, -95, z);
        p.ellipse(bone[0], bone[1], bone[2], bone[3], 0, Tissue.CORTICAL_BONE.shifted(-400));
        p.ellipse(bone[0], bone[1], bone[2] - cortex, bone[3] - cortex, 0, Tissue.CANCELLOUS_BONE);
        p.ellipse(bone[0], bone[1], bone[2] - cortex, bone[3] - cortex, 0, Tissue.YELLOW_MARROW, Smooth.step(-60, -110, z));
        for (int s = -1; s <= 1; s += 2) {
            Ellipsoid spine = Ellipsoid.of(s * 5, 5, -3, 4, 8, 5);
            p.ellipsoid(spine, Tissue.THIN_CORTEX.shifted(400)); // intercondylar eminence
            p.ellipsoid(spine.grown(-1.2), Tissue.CANCELLOUS_BONE);
        }
        Ellipsoid tuberosity = Ellipsoid.of(0, -27, -36, 12, 8, 14);
        p.ellipsoid(tuberosity, Tissue.THIN_CORTEX.shifted(400));
        p.ellipsoid(tuberosity.grown(-1.3), Tissue.CANCELLOUS_BONE);
        Ellipsoid head = Ellipsoid.of(-34, 22, -22, 10, 10, 11);
        p.ellipsoid(head, Tissue.THIN_CORTEX.shifted(400));
        p.ellipsoid(head.grown(-1.3), Tissue.CANCELLOUS_BONE);
        Segment fibula = Tubes.tube(-34, 22, -34, -30, 18, -200, 7.5);
        p.capsule(fibula, Tissue.CORTICAL_BONE.shifted(-300));
        p.capsule(fibula, -2.5 - 1.0 * Smooth.step(-40, -90, z), Tissue.CANCELLOUS_BONE);
    }

    /** The tibia's cut at z, raised by {@code lift} mm and grown by {@code grow}: {cx, cy, a, b} or null above it. */
    private static double[] tibia(double z, double lift, double grow) {
        double zl = z - lift;
        if (zl > -3) {
            return null;
        }
        double shrink = zl > -6.5 ? 3.5 * (1 - Math.sqrt(Math.max(0, 1 - Math.pow((zl + 6.5) / 3.5, 2)))) : 0;
        double taper = Smooth.step(-25, -80, zl);
        return new double[] {3 * taper, 3 - 6 * taper, 38 - 24 * taper - shrink + grow, 28 - 12 * taper - shrink + grow};
    }

    private void paintJoint(SlicePainter p) {
        for (int s = -1; s <= 1; s += 2) {
            Ellipsoid meniscus = Ellipsoid.of(s * 19, 5, -0.5, 18, 25, 3);
            p.ellipsoid(meniscus, Tissue.CARTILAGE.shifted(-10));
            p.ellipsoid(meniscus.part(-s * 3, 0, 0, 11, 17, 3.2), Tissue.FLUID);
        }
        p.capsule(-12, 16, 16, 3, -6, -4, 4, Tissue.TENDON, 1); // anterior cruciate ligament
        p.capsule(10, 2, 19, 2, 26, -9, 5, Tissue.TENDON, 1); // posterior cruciate ligament
    }
}
