package io.thinslice.studies;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A contrast-enhanced abdomen (portal-venous phase) from the pelvic inlet (z ≈ −150 mm) to the dome of the liver
 * (z ≈ +150 mm). Liver with branching portal veins and a cyst, a hypodense and a small bright lesion; gallbladder
 * with a stone; spleen; kidneys tilted in all three planes with cortex, medullary pyramids, sinus fat, pelvis and
 * ureter, in perirenal fat; adrenal limbs; pancreas with its duct; stomach with an air–fluid level; colon with air
 * and stool; small-bowel loops holding oral contrast, fluid or air; aorta with calcified plaque, iliac arteries, IVC,
 * renal, mesenteric and portal vessels with small mesenteric branches; lumbar spine, psoas, paraspinal and
 * quadratus muscles; lower ribs; a layered abdominal wall with linea alba; textured visceral fat; the table.
 */
final class AbdomenAnatomy implements Anatomy {
    private static final Tissue RENAL_PELVIS = Tissue.FLUID;

    private final Spine spine = new Spine(38, 24, 17, 36, 9, 10, Double.POSITIVE_INFINITY);
    private final Ellipsoid liverRight = Ellipsoid.of(-68, 8, 85, 70, 80, 105, 10, 0, 0);
    private final Ellipsoid liverLeft = Ellipsoid.of(10, -38, 95, 55, 35, 40, -25, 0, 0);
    private final Ellipsoid gallbladder = Ellipsoid.of(-40, -42, 20, 14, 28, 16, 30, 35, 0);
    private final Ellipsoid spleen = Ellipsoid.of(92, 45, 70, 22, 55, 55, 40, 0, 0);
    private final Ellipsoid stomach = Ellipsoid.of(55, -38, 75, 40, 36, 55, 30, 20, 0);
    private final Ellipsoid[] kidneys = new Ellipsoid[2];
    private final List<Segment> portal = new ArrayList<>();
    private final List<Segment> mesenteric = new ArrayList<>();
    private final List<Ellipsoid> liverLesions = new ArrayList<>();
    private final List<Tissue> liverLesionTissue = new ArrayList<>();
    private final List<Ellipsoid> plaques = new ArrayList<>();
    private final List<Segment> colon;
    private final List<Ellipsoid> stool = new ArrayList<>();
    private final List<Segment> smallBowel = new ArrayList<>();
    private final List<Tissue> smallBowelContent = new ArrayList<>();
    private final List<Tissue> colonContent = new ArrayList<>();

    AbdomenAnatomy(SplittableRandom random) {
        for (int i = 0; i < 2; i++) {
            int s = 2 * i - 1;
            kidneys[i] = Ellipsoid.of(s * 68, 42, s < 0 ? -18 : -4, 30, 24, 55, s * 35, -15, -s * 15);
        }
        VesselTree.Region liver = (x, y, z) -> inLiver(x, y, z, 5);
        portal.addAll(VesselTree.grow(random, liver, -35, 0, 58, new double[] {-1, 0.1, 0.3}, 6.5, 0.7));
        portal.addAll(VesselTree.grow(random, liver, -30, -5, 62, new double[] {0.6, -0.7, 0.4}, 5.0, 0.7));
        portal.addAll(VesselTree.grow(random, liver, -24, 16, 120, new double[] {-0.7, -0.3, -0.2}, 5.5, 0.7)); // hepatic veins
        Ellipsoid mesentery = Ellipsoid.of(0, -30, -45, 100, 55, 75);
        mesenteric.addAll(VesselTree.grow(random, mesentery::contains, 2, -20, -10, new double[] {0.2, -0.6, -0.8}, 2.8, 0.55));
        mesenteric.addAll(VesselTree.grow(random, mesentery::contains, -6, -18, -30, new double[] {-0.5, -0.5, -0.7}, 2.5, 0.55));
        double[][] lesions = {{-85, 0, 30, 8}, {-50, -8, 42, 5.5}, {-95, 22, 52, 2.5}};
        Tissue[] lesionTissue = {Tissue.FLUID, Tissue.plain(55), Tissue.plain(210)};
        for (int i = 0; i < lesions.length; i++) {
            double[] l = lesions[i];
            liverLesions.add(Ellipsoid.sphere(l[0] + 8 * (random.nextDouble() - 0.5), l[1] + 8 * (random.nextDouble() - 0.5),
                    l[2] + 8 * (random.nextDouble() - 0.5), l[3] * (0.8 + 0.4 * random.nextDouble())));
            liverLesionTissue.add(lesionTissue[i]);
        }
        for (int i = 0; i < 5; i++) {
            double th = 2 * Math.PI * random.nextDouble();
            plaques.add(Ellipsoid.sphere(5 + 10.5 * StrictMath.cos(th), 20 + 10.5 * StrictMath.sin(th), -70 + 130 * random.nextDouble(),
                    1.0 + 1.0 * random.nextDouble()));
        }
        colon = Tubes.path(17, -85, 10, -120, -92, 15, -60, -90, 8, -10, -78, -18, 35, -40, -62, 42, 0, -75, 32, 45, -62, 46,
                82, -22, 66, 94, 14, 30, 92, 20, -20, 86, 14, -80, 60, -22, -118, 20, -12, -138, 0, 38, -168);
        for (int i = 0; i < colon.size(); i++) {
            colonContent.add(Tissue.AIR);
        }
        for (int i = 0; i < 22; i++) {
            Segment s = colon.get(random.nextInt(colon.size()));
            double t = random.nextDouble();
            double r = 4 + 7 * random.nextDouble();
            // Stool settles to the back of the lumen.
            stool.add(Ellipsoid.sphere(s.ax() + t * (s.bx() - s.ax()), s.ay() + t * (s.by() - s.ay()) + (s.r() - r) * 0.7,
                    s.az() + t * (s.bz() - s.az()), r));
        }
        growSmallBowel(random, mesentery, new double[] {-20, -40, -20}, 0);
        growSmallBowel(random, mesentery, new double[] {40, -30, -70}, 1);
        growSmallBowel(random, mesentery, new double[] {-50, -20, -90}, 2);
    }

    /** A tortuous loop of small bowel: a random walk that turns at most 60° a step and stays in the mesentery. */
    private void growSmallBowel(SplittableRandom random, Ellipsoid region, double[] start, int loop) {
        double[] p = start;
        double[] d = {1, 0, 0};
        int steps = 70;
        for (int i = 0; i < steps; i++) {
            double[] next = null;
            for (int attempt = 0; attempt < 20 && next == null; attempt++) {
                double[] nd = {d[0] + 1.1 * (random.nextDouble() - 0.5), d[1] + 1.1 * (random.nextDouble() - 0.5),
                    d[2] + 1.1 * (random.nextDouble() - 0.5)};
                double n = Math.sqrt(nd[0] * nd[0] + nd[1] * nd[1] + nd[2] * nd[2]);
                double[] candidate = {p[0] + 14 * nd[0] / n, p[1] + 14 * nd[1] / n, p[2] + 14 * nd[2] / n};
                if (region.contains(candidate[0], candidate[1], candidate[2])) {
                    next = candidate;
                    d = new double[] {nd[0] / n, nd[1] / n, nd[2] / n};
                }
            }
            if (next == null) {
                d = new double[] {-d[0], -d[1], -d[2]};
                continue;
            }
            smallBowel.add(new Segment(p[0], p[1], p[2], next[0], next[1], next[2], 10.5 + 2 * random.nextDouble()));
            smallBowelContent.add(loop == 1 ? Tissue.ORAL_CONTRAST : loop == 2 ? (i < 40 ? Tissue.FLUID : Tissue.ORAL_CONTRAST)
                    : i < 25 || i >= 55 ? Tissue.ORAL_CONTRAST : i < 45 ? Tissue.FLUID : Tissue.AIR);
            p = next;
        }
    }

    private boolean inLiver(double x, double y, double z, double margin) {
        return liverRight.grown(-margin).contains(x, y, z) || liverLeft.grown(-margin).contains(x, y, z);
    }

    @Override
    public void paint(SlicePainter p) {
        double z = p.z();
        double a = 165 + 6 * StrictMath.sin(z / 40);
        double b = 118 + 4 * StrictMath.cos(z / 50);
        Torso.table(p, b);
        double[] cavity = Torso.wall(p, a, b, 34, 24, 12);
        p.capsule(0, -b + 24, z, 0, -cavity[1] + 3, z, 1.0, Tissue.FAT, 1); // linea alba
        for (int s = -1; s <= 1; s += 2) {
            p.ellipse(s * 33, 74, 27, 22, 0, Tissue.MUSCLE); // paraspinal
            p.ellipse(s * 64, 54, 15, 11, s * 20, Tissue.MUSCLE); // quadratus lumborum
            double psoas = 6 + 0.13 * Math.max(0, 45 - z);
            p.ellipse(s * (30 + psoas * 0.3), 32, Math.min(psoas, 26), Math.min(psoas, 26) * 0.85, 0, Tissue.MUSCLE,
                    1 - Smooth.step(35, 45, z));
        }
        for (int i = 0; i < 4; i++) {
            for (int s = -1; s <= 1; s += 2) {
                Torso.rib(p, s, cavity[0], cavity[1], cavity[2], 150 - 25 * i, 70, 2.3 - 0.1 * i);
            }
        }
        paintOrgans(p);
        paintBowel(p);
        paintVessels(p);
        spine.paint(p);
    }

    private void paintOrgans(SlicePainter p) {
        p.ellipsoid(liverRight, Tissue.LIVER);
        p.ellipsoid(liverLeft, Tissue.LIVER);
        Tubes.paint(p, portal, Tissue.VEIN);
        for (int i = 0; i < liverLesions.size(); i++) {
            p.ellipsoid(liverLesions.get(i), liverLesionTissue.get(i));
        }
        p.ellipsoid(gallbladder.grown(2), Tissue.BOWEL_WALL);
        p.ellipsoid(gallbladder, Tissue.FLUID);
        p.ellipsoid(gallbladder.part(0, 14, -6, 3.2, 3.2, 3.2), Tissue.CALCIFICATION); // stone, in the fundus
        p.ellipsoid(spleen, Tissue.SPLEEN);
        p.ellipsoid(stomach.grown(4), Tissue.BOWEL_WALL);
        p.ellipsoid(stomach, Tissue.AIR);
        p.ellipsoid(stomach, Tissue.FLUID.shifted(12), 1, -36, 1); // gastric fluid below the air
        for (int i = 0; i < 2; i++) {
            int s = 2 * i - 1;
            Ellipsoid k = kidneys[i];
            p.ellipsoid(k.grown(10), Tissue.FAT);
            p.ellipsoid(k, Tissue.KIDNEY_CORTEX);
            for (int j = 0; j < 6; j++) {
                p.ellipsoid(k.part(s * 5, (j % 2 == 0 ? 7 : -7), -38 + 15 * j, 7, 7, 7.5), Tissue.KIDNEY_MEDULLA);
            }
            p.ellipsoid(k.part(-s * 14, 0, 0, 11, 10, 24), Tissue.FAT); // renal sinus
            Ellipsoid pelvis = k.part(-s * 17, 0, -4, 7, 6, 10);
            p.ellipsoid(pelvis, RENAL_PELVIS);
            p.capsule(pelvis.cx, pelvis.cy, pelvis.cz, s * 38, 40, -170, 2.6, RENAL_PELVIS, 1); // ureter
            p.capsule(s * 34, 30, 60, s * 42, 44, 78, 2.2, Tissue.MUSCLE.shifted(5), 1); // adrenal limbs
            p.capsule(s * 34, 30, 60, s * 30, 52, 74, 2.2, Tissue.MUSCLE.shifted(5), 1);
        }
        List<Segment> pancreas = Tubes.path(10, -22, -8, 8, -2, -24, 18, 35, -20, 28, 75, 12, 42);
        Tubes.paint(p, pancreas, Tissue.PANCREAS);
        for (Segment s : pancreas) {
            p.capsule(s.ax(), s.ay(), s.az(), s.bx(), s.by(), s.bz(), 1.3, Tissue.FLUID, 1); // pancreatic duct
        }
    }

    private void paintBowel(SlicePainter p) {
        Tubes.paintHollow(p, smallBowel, 2.0, Tissue.BOWEL_WALL, smallBowelContent);
        Tubes.paintHollow(p, colon, 2.5, Tissue.BOWEL_WALL, colonContent);
        for (Ellipsoid e : stool) {
            p.ellipsoid(e, Tissue.STOOL);
        }
    }

    private void paintVessels(SlicePainter p) {
        Tissue aortic = Tissue.ARTERY.shifted(-100);
        Tubes.paint(p, Tubes.path(11, 5, 20, 170, 4, 20, -75), aortic);
        for (Ellipsoid e : plaques) {
            p.ellipsoid(e, Tissue.CALCIFICATION);
        }
        for (int s = -1; s <= 1; s += 2) {
            Tubes.paint(p, Tubes.path(6.5, 4, 20, -75, s * 40, 34, -165), aortic); // iliac arteries
            Tubes.paint(p, Tubes.path(7.5, -20, 24, -80, s * 48, 44, -165), Tissue.VEIN); // iliac veins
        }
        Tubes.paint(p, Tubes.path(12, -24, 18, 170, -20, 24, -80), Tissue.VEIN); // IVC
        Tubes.paint(p, Tubes.path(5, 46, 22, -2, 5, 6, 2, -20, 18, 2), Tissue.VEIN); // left renal vein, in front of the aorta
        Tubes.paint(p, Tubes.path(5, -46, 28, -14, -22, 20, -4), Tissue.VEIN);
        Tubes.paint(p, Tubes.path(3, 6, 24, 6, 46, 30, 0), aortic); // renal arteries
        Tubes.paint(p, Tubes.path(3, 4, 24, 4, -48, 34, -14), aortic);
        Tubes.paint(p, Tubes.path(3.5, 6, 8, 42, 4, -28, -70), aortic); // superior mesenteric artery
        Tubes.paint(p, Tubes.path(3, 6, 8, 50, 10, -14, 56), aortic); // coeliac trunk
        Tubes.paint(p, Tubes.path(5, -9, -22, -70, -9, -6, 30), Tissue.VEIN); // superior mesenteric vein
        Tubes.paint(p, Tubes.path(7, -9, -6, 30, -35, 0, 58), Tissue.VEIN); // portal vein
        Tubes.paint(p, mesenteric, Tissue.VEIN);
    }
}
