package io.thinslice.studies;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A contrast-enhanced chest (arterial phase) from the upper abdomen (z ≈ −150 mm) to the lung apices (z ≈ +120 mm).
 * Lungs with branching vessel and airway trees and 2–8 mm nodules (solid, ground-glass, calcified); trachea, carina
 * and bronchi; heart with chambers, myocardium, pericardial fat and coronary arteries with calcified plaque; aorta
 * (ascending, arch, descending), pulmonary arteries, superior vena cava, oesophagus with a little air; diaphragm
 * domes rising into the lung bases; thoracic spine, sloping ribs with costal cartilage, sternum, scapulae; a layered
 * chest wall; the table.
 */
final class ChestAnatomy implements Anatomy {
    private static final Tissue PULMONARY_ARTERY = Tissue.plain(230);
    private static final Tissue LUNG_VESSEL = Tissue.plain(160);
    private static final Tissue AIRWAY_WALL = Tissue.plain(30);

    private final List<Segment> vessels = new ArrayList<>();
    private final List<Segment> airways = new ArrayList<>();
    private final List<Ellipsoid> nodules = new ArrayList<>();
    private final List<Tissue> noduleTissue = new ArrayList<>();
    private final List<Segment> coronaries = new ArrayList<>();
    private final List<Ellipsoid> plaques = new ArrayList<>();
    private final Spine spine = new Spine(46, 16, 14, 25, 5, 3, Double.POSITIVE_INFINITY);
    private final Ellipsoid heart = Ellipsoid.of(20, -28, -40, 55, 44, 50, -40, -20, 0);

    ChestAnatomy(SplittableRandom random) {
        for (int s = -1; s <= 1; s += 2) {
            int side = s;
            VesselTree.Region lung = (x, y, z) -> inLung(side, x, y, z, 4);
            // Arteries and veins fan out from the hilum: up, forwards, sideways, backwards and down.
            double[][] directions = {{0.4, 0, 1}, {1, -0.6, 0.6}, {1, 0, 0.1}, {0.5, 0.8, -0.6}, {0.4, 0.2, -1}, {0.6, -0.8, -0.5},
                {0.7, 0.7, 0.4}};
            for (double[] d : directions) {
                vessels.addAll(VesselTree.grow(random, lung, s * (40 + 4 * random.nextDouble()), 4 + 6 * random.nextDouble(),
                        d[2] * 12 + 4 * random.nextDouble(), new double[] {s * d[0], d[1], d[2]}, 4.6, 0.55));
            }
            airways.addAll(VesselTree.grow(random, lung, s * 45, 10, 12, new double[] {s, -0.2, 0.1}, 3.8, 1.1));
            airways.addAll(VesselTree.grow(random, lung, s * 44, 16, -8, new double[] {s * 0.6, 0.5, -0.7}, 4.0, 1.1));
        }
        while (nodules.size() < 8) {
            double x = (random.nextDouble() - 0.5) * 230;
            double y = (random.nextDouble() - 0.5) * 160;
            double z = (random.nextDouble() - 0.5) * 110;
            double r = 1 + 3 * random.nextDouble();
            double kind = random.nextDouble();
            if (inLung(x < 0 ? -1 : 1, x, y, z, r + 3)) {
                nodules.add(Ellipsoid.sphere(x, y, z, r));
                noduleTissue.add(kind < 0.6 ? Tissue.MUSCLE : kind < 0.85 ? Tissue.GROUND_GLASS : Tissue.CALCIFICATION);
            }
        }
        // Coronary arteries on the heart's surface, with a few calcified plaques.
        coronaries.addAll(Tubes.path(1.8, -14, -58, -8, -30, -50, -30, -38, -30, -55, -30, -5, -75));
        coronaries.addAll(Tubes.path(1.7, 8, -62, -6, 25, -72, -25, 38, -70, -50, 50, -55, -75));
        coronaries.addAll(Tubes.path(1.5, 14, -45, -4, 48, -30, -15, 62, -10, -35));
        for (int i = 0; i < 4; i++) {
            Segment s = coronaries.get(random.nextInt(coronaries.size()));
            double t = random.nextDouble();
            plaques.add(Ellipsoid.sphere(s.ax() + t * (s.bx() - s.ax()), s.ay() + t * (s.by() - s.ay()),
                    s.az() + t * (s.bz() - s.az()), 1.0 + 1.2 * random.nextDouble()));
        }
    }

    // ---- layout ----

    private static double bodyA(double z) {
        return 158 + 6 * StrictMath.sin(z / 60);
    }

    private static double bodyB(double z) {
        return 104 + 3 * StrictMath.cos(z / 45);
    }

    /** The lung's cut at z: {cx, cy, a, b}, or null above the apex. */
    private static double[] lung(int s, double z) {
        double scale = z <= 45 ? 1 : 1 - Math.pow((z - 45) / 75, 2);
        if (scale <= 0) {
            return null;
        }
        scale = Math.sqrt(scale);
        return new double[] {s * 60, 6, 54 * scale, 77 * scale};
    }

    private static Ellipsoid dome(int s) {
        return s < 0 ? Ellipsoid.of(-55, 5, -150, 72, 92, 85) : Ellipsoid.of(62, 5, -160, 66, 88, 86);
    }

    /** Inside the lung, at least {@code margin} mm from its wall (roughly). */
    private boolean inLung(int s, double x, double y, double z, double margin) {
        double[] l = lung(s, z);
        if (l == null || l[2] <= margin || l[3] <= margin) {
            return false;
        }
        double dx = (x - l[0]) / (l[2] - margin);
        double dy = (y - l[1]) / (l[3] - margin);
        return dx * dx + dy * dy < 1 && !dome(s).grown(margin).contains(x, y, z) && !heart.grown(4 + margin).contains(x, y, z)
                && Math.abs(x) > 22 + margin;
    }

    // ---- painting ----

    @Override
    public void paint(SlicePainter p) {
        double z = p.z();
        double a = bodyA(z);
        double b = bodyB(z);
        Torso.table(p, b);
        double[] cavity = Torso.wall(p, a, b, 22, 14, 12);
        double pectoral = Smooth.step(-60, -40, z);
        for (int s = -1; s <= 1; s += 2) {
            p.ellipse(s * 55, -b + 24, 45.5, 12.5, s * 14, Tissue.FAT, pectoral);
            p.ellipse(s * 55, -b + 24, 44, 11, s * 14, Tissue.MUSCLE, pectoral);
        }
        paintLungs(p, z);
        paintMediastinum(p, z);
        for (int s = -1; s <= 1; s += 2) {
            p.ellipsoid(dome(s), s < 0 ? Tissue.LIVER : Tissue.MUSCLE);
            p.ellipse(s * 30, 80, 21, 19, 0, Tissue.MUSCLE); // paraspinal muscles
            Ellipsoid scapula = Ellipsoid.of(s * 98, 62, 40, 46, 4, 62, -s * 35, 0, 0);
            p.ellipsoid(scapula.grown(2), Tissue.FAT);
            p.ellipsoid(scapula, Tissue.THIN_CORTEX.shifted(300));
        }
        p.ellipsoid(Ellipsoid.of(62, -20, -95, 30, 25, 12), Tissue.AIR); // gastric air under the left dome
        for (int i = 0; i < 12; i++) {
            double zBack = 108 - 21 * i;
            double[] c = {cavityA(zBack), cavityB(zBack)};
            for (int s = -1; s <= 1; s += 2) {
                Torso.rib(p, s, c[0], c[1], 3, zBack, 60 + 2 * i, i < 7 ? 2.95 : 2.5 - 0.08 * (i - 7));
            }
        }
        // Sternum: manubrium and body, with the joint between them.
        double sternal = Smooth.step(-80, -74, z) * (1 - Smooth.step(58, 64, z))
                * (1 - 0.8 * (1 - Smooth.step(0.5, 1.5, Math.abs(z - 38))));
        p.ellipse(0, -cavity[1] - 4, 16, 6, 0, Tissue.THIN_CORTEX, sternal);
        p.ellipse(0, -cavity[1] - 4, 14.8, 4.8, 0, Tissue.CANCELLOUS_BONE, sternal);
        spine.paint(p);
    }

    private static double cavityA(double z) {
        return bodyA(z) - 2 - 22 - 12;
    }

    private static double cavityB(double z) {
        return bodyB(z) - 2 - 14 - 12;
    }

    private void paintLungs(SlicePainter p, double z) {
        for (int s = -1; s <= 1; s += 2) {
            double[] l = lung(s, z);
            if (l != null) {
                p.ellipse(l[0], l[1], l[2], l[3], s * 8, Tissue.LUNG);
            }
        }
        Tubes.paint(p, vessels, LUNG_VESSEL);
        for (Segment s : airways) {
            p.capsule(s, Math.max(0.6, s.r() * 0.25), AIRWAY_WALL);
        }
        Tubes.paint(p, airways, Tissue.AIR);
        for (int i = 0; i < nodules.size(); i++) {
            p.ellipsoid(nodules.get(i), noduleTissue.get(i));
        }
    }

    private void paintMediastinum(SlicePainter p, double z) {
        p.ellipse(4, -8, 30, 62, 0, Tissue.FAT, Smooth.step(-100, -90, z)); // mediastinal fat between the lungs
        p.ellipsoid(heart.grown(4), Tissue.FAT);
        p.ellipsoid(heart, Tissue.MYOCARDIUM);
        p.ellipsoid(heart.part(10, 2, -6, 28, 22, 32), Tissue.ARTERY); // left ventricle
        p.ellipsoid(heart.part(-20, -14, 0, 22, 16, 30), PULMONARY_ARTERY); // right ventricle
        p.ellipsoid(heart.part(2, 30, 26, 24, 14, 18), Tissue.ARTERY); // left atrium
        p.ellipsoid(heart.part(-36, 10, 18, 18, 17, 22), Tissue.VEIN); // right atrium
        for (Segment s : coronaries) {
            p.capsule(s, Tissue.ARTERY);
        }
        for (Ellipsoid e : plaques) {
            p.ellipsoid(e, Tissue.CALCIFICATION);
        }
        Tubes.paint(p, Tubes.path(13, 5, -45, -12, -2, -22, 22), PULMONARY_ARTERY);
        Tubes.paint(p, Tubes.path(10, -2, -22, 22, -46, -2, 18), PULMONARY_ARTERY);
        Tubes.paint(p, Tubes.path(10, -2, -22, 22, 40, 5, 26), PULMONARY_ARTERY);
        Tubes.paint(p, Tubes.path(14.5, 12, -18, -32, 10, -20, 45, 8, -5, 58, 15, 15, 58, 26, 28, 48), Tissue.ARTERY);
        Tubes.paint(p, Tubes.path(12, 26, 28, 48, 26, 32, -160), Tissue.ARTERY); // descending aorta
        Tubes.paint(p, Tubes.path(10, -28, -15, 130, -28, -12, 0), Tissue.VEIN); // superior vena cava
        // Trachea, carina and main bronchi, each an air lumen in a soft wall.
        List<Segment> bronchi = new ArrayList<>();
        bronchi.addAll(Tubes.path(9.5, 0, -2, 160, 0, 5, 35));
        bronchi.addAll(Tubes.path(7, 0, 5, 35, -32, 8, 18, -45, 10, 12));
        bronchi.addAll(Tubes.path(6.5, 0, 5, 35, 35, 12, 12, 45, 12, 10));
        for (Segment s : bronchi) {
            p.capsule(s, 2, AIRWAY_WALL);
        }
        Tubes.paint(p, bronchi, Tissue.AIR);
        Segment oesophagus = Tubes.tube(4, 22, 160, 10, 24, -100, 7.5);
        p.capsule(oesophagus, Tissue.MUSCLE);
        p.capsule(oesophagus.ax(), oesophagus.ay(), oesophagus.az(), oesophagus.bx(), oesophagus.by(), oesophagus.bz(), 1.8,
                Tissue.AIR, Smooth.step(-20, -10, z) * (1 - Smooth.step(40, 50, z)));
    }
}
