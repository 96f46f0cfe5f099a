package io.thinslice.studies;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A head from the upper neck (z ≈ −100 mm) to the vertex (z ≈ +80 mm), non-contrast. The cranial cavity is a dome
 * above z = 0 and a bowl below it, its centre moving back as it deepens into the posterior fossa; the skull is a
 * shell round it (outer table, diploe of varying thickness, inner table; thickest front and back, thinnest over the
 * temples), under a scalp of skin and fat, with temporal muscles at the sides. Inside: grey matter over white,
 * sulci as CSF sheets whose course drifts with z, the interhemispheric fissure and falx, lateral, third and fourth
 * ventricles, deep grey nuclei, calcified pineal and choroid plexus, cerebellum with folia, brainstem. The skull
 * base changes within millimetres along z: petrous bones with the inner ear and internal auditory canals, mastoid
 * and ethmoid air cells, sphenoid, frontal and maxillary sinuses (one with a fluid level), orbits with globes, lens,
 * muscles and optic nerves, nasal cavity with septum and turbinates, clivus, zygomatic arches, mandible, auricles,
 * the foramen magnum and the cervical spine.
 */
final class HeadAnatomy implements Anatomy {
    private static final double CAVITY_A = 62;
    private static final double CAVITY_B = 80;
    private static final double DOME = 66;
    private static final double BOWL = 60;
    private static final double SCALP = 5.5;

    /**
     * A sulcus: a CSF sheet cut {@code depth} mm into the cortex at parametric angle {@code theta0 + drift · z} round
     * the brain, present within {@code halfLength} mm of {@code zCentre}, {@code 2 · radius} mm wide.
     */
    private record Sulcus(double theta0, double drift, double zCentre, double halfLength, double depth, double radius) {
    }

    /** A gyrus: white matter reaching from the core towards the surface, placed like a sulcus. */
    private record Gyrus(double theta0, double drift, double zCentre, double halfLength) {
    }

    private final List<Sulcus> sulci = new ArrayList<>();
    private final List<Gyrus> gyri = new ArrayList<>();
    private final List<Ellipsoid> ethmoidCells = new ArrayList<>();
    private final List<Ellipsoid> mastoidCells = new ArrayList<>();
    private final List<Ellipsoid> ventricles = new ArrayList<>();
    private final List<Ellipsoid> deepGrey = new ArrayList<>();
    private final List<Ellipsoid> calcifications = new ArrayList<>();
    private final Spine cervical = new Spine(22, 9, 8, 17, 4, -70, -66);

    HeadAnatomy(SplittableRandom random) {
        for (int i = 0; i < 48; i++) {
            sulci.add(new Sulcus(2 * Math.PI * random.nextDouble(), (random.nextDouble() - 0.5) * 0.05,
                    -30 + 95 * random.nextDouble(), 8 + 25 * random.nextDouble(), 6 + 9 * random.nextDouble(),
                    0.45 + 0.45 * random.nextDouble()));
        }
        for (int i = 0; i < 32; i++) {
            gyri.add(new Gyrus(2 * Math.PI * random.nextDouble(), (random.nextDouble() - 0.5) * 0.05,
                    -20 + 85 * random.nextDouble(), 6 + 20 * random.nextDouble()));
        }
        Ellipsoid ethmoid = ethmoid();
        for (int i = 0; i < 24; i++) {
            ethmoidCells.add(Ellipsoid.sphere(ethmoid.cx + (random.nextDouble() - 0.5) * 16,
                    ethmoid.cy + (random.nextDouble() - 0.5) * 34, ethmoid.cz + (random.nextDouble() - 0.5) * 20,
                    1.8 + 2.0 * random.nextDouble()));
        }
        for (int s = -1; s <= 1; s += 2) {
            for (int i = 0; i < 18; i++) {
                mastoidCells.add(Ellipsoid.sphere(s * (52 + (random.nextDouble() - 0.5) * 18), 32 + (random.nextDouble() - 0.5) * 18,
                        -46 + (random.nextDouble() - 0.5) * 20, 1.5 + 2.8 * random.nextDouble()));
            }
            // Lateral ventricles: body, frontal horn, atrium with occipital horn, temporal horn.
            ventricles.add(Ellipsoid.of(s * 9, 0, 20, 5.5, 26, 8, s * 8, 0, 0));
            ventricles.add(Ellipsoid.of(s * 9, -22, 11, 6, 11, 9, s * 12, 0, 0));
            ventricles.add(Ellipsoid.of(s * 21, 23, 8, 6.5, 13, 8, -s * 30, 0, 0));
            ventricles.add(Ellipsoid.of(s * 27, -2, -14, 3, 15, 3.5, s * 20, 20, 0));
            deepGrey.add(Ellipsoid.of(s * 14, -16, 10, 5, 9, 11));
            deepGrey.add(Ellipsoid.of(s * 23, -3, 4, 6, 15, 9, s * 15, 0, 0));
            deepGrey.add(Ellipsoid.of(s * 10, 11, 5, 8.5, 12, 9));
            double jitter = random.nextDouble() - 0.5;
            calcifications.add(Ellipsoid.sphere(s * 21, 25 + 3 * jitter, 8 + 2 * jitter, 1.6 + 1.2 * random.nextDouble()));
        }
        ventricles.add(Ellipsoid.of(0, 2, 0, 2.5, 15, 9));
        calcifications.add(Ellipsoid.sphere(0, 24, 5, 2.2 + random.nextDouble()));
    }

    @Override
    public void paint(SlicePainter p) {
        double z = p.z();
        paintScalp(p, z);
        paintSkullAndBrain(p, z);
        paintPosteriorFossa(p);
        paintSkullBase(p);
        paintFace(p);
        paintNeck(p, z);
    }

    // ---- layout ----

    /** Diploe thickness varies slowly along z (0–1). */
    private static double diploe(double z) {
        return 0.5 + 0.5 * StrictMath.sin(2 * Math.PI * z / 55 + 1.1);
    }

    private static double skullLat(double z) {
        return 1.2 + (1.0 + 0.7 * diploe(z)) + 1.3;
    }

    private static double skullAp(double z) {
        return 1.6 + (2.4 + 2.2 * diploe(z)) + 2.0;
    }

    /** The cranial cavity's cut at z grown by {@code lat} (sides) and {@code ap} (front, back, top): {cx, cy, a, b} or null. */
    private static double[] cavity(double z, double lat, double ap) {
        double cy = 2 + 0.35 * Math.max(0, -z);
        double c = z >= 0 ? DOME + ap : BOWL + ap;
        if (c <= 0 || Math.abs(z) >= c) {
            return null;
        }
        double s = Math.sqrt(1 - (z / c) * (z / c));
        double a = (CAVITY_A + lat) * s;
        double b = (CAVITY_B + ap) * s;
        return a > 0 && b > 0 ? new double[] {0, cy, a, b} : null;
    }

    private static double temporalis(double z) {
        return 6 * Smooth.step(-45, -30, z) * (1 - Smooth.step(15, 30, z));
    }

    /** The skin outline: {cx, cy, a, b} or null above the vertex. */
    private static double[] outline(double z) {
        if (z >= 0) {
            double[] c = cavity(z, skullLat(z) + SCALP, skullAp(z) + SCALP);
            if (c != null) {
                c[2] += temporalis(z);
            }
            return c;
        }
        double a = CAVITY_A + skullLat(0) + SCALP + temporalis(z);
        double b = CAVITY_B + skullAp(0) + SCALP;
        double cy = 2;
        if (z < -50) {
            double d = -50 - z;
            a -= 0.45 * d;
            b -= 0.8 * d;
            cy += 0.3 * d;
        }
        return new double[] {0, cy, Math.max(a, 30), Math.max(b, 30)};
    }

    private static Ellipsoid ethmoid() {
        return Ellipsoid.of(0, -52, -27, 11, 21, 12);
    }

    // ---- painting ----

    private static void ellipse(SlicePainter p, double[] e, Tissue t) {
        if (e != null) {
            p.ellipse(e[0], e[1], e[2], e[3], 0, t);
        }
    }

    private static double[] inset(double[] e, double mm) {
        return e == null || e[2] <= mm || e[3] <= mm ? null : new double[] {e[0], e[1], e[2] - mm, e[3] - mm};
    }

    private void paintScalp(SlicePainter p, double z) {
        double[] head = outline(z);
        double[] rest = outline(Math.min(z, 0));
        // Head rest: a plastic cup with a foam pad, behind the head.
        p.ellipse(rest[0], rest[1], rest[2] + 15, rest[3] + 15, 0, Tissue.PLASTIC, 1, 40, 1);
        p.ellipse(rest[0], rest[1], rest[2] + 12, rest[3] + 12, 0, Tissue.FOAM, 1, 40, 1);
        if (head == null) {
            return;
        }
        ellipse(p, head, Tissue.SKIN);
        ellipse(p, inset(head, 1.5), Tissue.FAT);
        ellipse(p, inset(head, 4.0), Tissue.MUSCLE);
    }

    private void paintSkullAndBrain(SlicePainter p, double z) {
        double d = diploe(z);
        ellipse(p, cavity(z, skullLat(z), skullAp(z)), Tissue.CORTICAL_BONE);
        ellipse(p, cavity(z, 1.2 + 1.0 + 0.7 * d, 1.6 + 2.4 + 2.2 * d), Tissue.DIPLOE);
        ellipse(p, cavity(z, 1.2, 1.6), Tissue.CORTICAL_BONE);
        double[] csf = cavity(z, 0, 0);
        if (csf == null) {
            return;
        }
        ellipse(p, csf, Tissue.FLUID);
        double space = 1.2 + 0.8 * (0.5 + 0.5 * StrictMath.sin(z / 9));
        double[] brain = cavity(z, -space, -space);
        if (brain == null) {
            return;
        }
        ellipse(p, brain, Tissue.GREY_MATTER);
        double[] white = cavity(z, -space - 9, -space - 11);
        ellipse(p, white, Tissue.WHITE_MATTER);
        // Gyral white matter reaching out towards the surface.
        for (Gyrus g : gyri) {
            double f = presence(z, g.zCentre(), g.halfLength());
            if (f > 0 && white != null) {
                double th = g.theta0() + g.drift() * z;
                double[] from = onEllipse(white, th, -2);
                double[] to = onEllipse(brain, th, -3.2 - 2 * (1 - f));
                p.capsule(from[0], from[1], z, to[0], to[1], z, 1.7, Tissue.WHITE_MATTER, 1);
            }
        }
        // Sulci: CSF sheets cut into the cortex from the surface.
        for (Sulcus s : sulci) {
            double f = presence(z, s.zCentre(), s.halfLength());
            if (f > 0) {
                double th = s.theta0() + s.drift() * z;
                double[] from = onEllipse(brain, th, 0.5);
                double[] to = onEllipse(brain, th, -s.depth() * f);
                p.capsule(from[0], from[1], z, to[0], to[1], z, s.radius(), Tissue.FLUID, 1);
            }
        }
        // Interhemispheric fissure with the falx; bridged by the corpus callosum in the middle.
        if (z > -12) {
            double front = brain[1] - brain[3];
            double back = brain[1] + brain[3];
            boolean callosum = z > 2 && z < 28;
            double gapFrom = callosum ? -24 : back;
            double gapTo = callosum ? 30 : back;
            p.capsule(0, front - 1, z, 0, gapFrom, z, 1.3, Tissue.FLUID, 1);
            p.capsule(0, front - 1, z, 0, gapFrom, z, 0.45, Tissue.FALX, 1);
            if (callosum) {
                p.capsule(0, gapTo, z, 0, back + 1, z, 1.3, Tissue.FLUID, 1);
                p.capsule(0, gapTo, z, 0, back + 1, z, 0.45, Tissue.FALX, 1);
            }
        }
        for (int s = -1; s <= 1; s += 2) {
            p.ellipsoid(Ellipsoid.of(s * 50, -4, -10, 2.2, 20, 13, s * 15, 0, s * 30), Tissue.FLUID); // Sylvian fissure
        }
        for (Ellipsoid e : deepGrey) {
            p.ellipsoid(e, Tissue.DEEP_GREY);
        }
        for (Ellipsoid e : ventricles) {
            p.ellipsoid(e, Tissue.FLUID);
        }
        for (Ellipsoid e : calcifications) {
            p.ellipsoid(e, Tissue.CALCIFICATION);
        }
    }

    private void paintPosteriorFossa(SlicePainter p) {
        p.ellipsoid(Ellipsoid.of(0, 44, -23, 46, 32, 1.2, 0, -22, 0), Tissue.FALX); // tentorium
        for (int s = -1; s <= 1; s += 2) {
            p.ellipsoid(Ellipsoid.of(s * 24, 43, -42, 29, 25, 19), Tissue.CEREBELLUM);
        }
        p.ellipsoid(Ellipsoid.of(0, 46, -40, 9, 19, 17), Tissue.CEREBELLUM);
        p.ellipsoid(Ellipsoid.of(0, 32, -40, 6, 5, 8.5), Tissue.FLUID); // fourth ventricle
        p.ellipsoid(Ellipsoid.of(0, 17, -36, 13, 12, 27, 0, -15, 0), Tissue.WHITE_MATTER); // brainstem
    }

    private void paintSkullBase(SlicePainter p) {
        Ellipsoid clivus = Ellipsoid.of(0, -1, -50, 9, 7, 20, 0, 35, 0);
        p.ellipsoid(clivus.grown(1.2), Tissue.THIN_CORTEX);
        p.ellipsoid(clivus, Tissue.CANCELLOUS_BONE);
        Ellipsoid sphenoid = Ellipsoid.of(0, -18, -38, 18, 15, 12);
        p.ellipsoid(sphenoid, Tissue.THIN_CORTEX);
        p.ellipsoid(sphenoid.grown(-1.5), Tissue.AIR);
        p.ellipsoid(Ellipsoid.of(2, -18, -38, 0.8, 13, 10, 10, 0, 0), Tissue.THIN_CORTEX); // septum
        for (int s = -1; s <= 1; s += 2) {
            p.ellipsoid(Ellipsoid.of(s * 52, 32, -46, 13, 14, 14), Tissue.CANCELLOUS_BONE); // mastoid
            p.ellipsoid(Ellipsoid.of(s * 31, 16, -40, 8, 30, 8, -s * 50, 0, s * 10), Tissue.DENSE_BONE); // petrous
            p.ellipsoid(Ellipsoid.sphere(s * 25, 8, -40, 2.4), Tissue.FLUID); // cochlea
            p.ellipsoid(Ellipsoid.sphere(s * 33, 16, -39, 2.0), Tissue.FLUID); // vestibule
            p.capsule(s * 35, 20, -36, s * 38, 22, -33, 0.8, Tissue.FLUID, 1); // semicircular canal
            p.capsule(s * 38, 22, -33, s * 36, 24, -38, 0.8, Tissue.FLUID, 1);
            p.capsule(s * 14, 10, -39, s * 27, 13, -39, 2.2, Tissue.FLUID, 1); // internal auditory canal
            p.capsule(s * 80, 15, -42, s * 47, 14, -41, 3.6, Tissue.AIR, 1); // external auditory canal
        }
        for (Ellipsoid cell : mastoidCells) {
            p.ellipsoid(cell, Tissue.AIR);
        }
    }

    private void paintFace(SlicePainter p) {
        Ellipsoid nose = Ellipsoid.of(0, -95, -47, 12, 16, 27, 0, -20, 0);
        p.ellipsoid(nose, Tissue.SKIN);
        p.ellipsoid(nose.grown(-2), Tissue.MUSCLE);
        for (int s = -1; s <= 1; s += 2) {
            p.capsule(s * 6, -106, -68, s * 6, -96, -60, 3.5, Tissue.AIR, 1); // nostril
            p.ellipsoid(Ellipsoid.of(s * 58, -18, -70, 10, 19, 23), Tissue.MUSCLE); // masseter
            Ellipsoid ramus = Ellipsoid.of(s * 52, -6, -82, 5, 14, 30, 0, -15, 0);
            p.ellipsoid(ramus, Tissue.CORTICAL_BONE);
            p.ellipsoid(ramus.grown(-1.8), Tissue.CANCELLOUS_BONE);
            Ellipsoid condyle = Ellipsoid.of(s * 52, 8, -50, 8.5, 5.5, 6);
            p.ellipsoid(condyle, Tissue.CORTICAL_BONE);
            p.ellipsoid(condyle.grown(-1.5), Tissue.CANCELLOUS_BONE);
            p.capsule(s * 53, -58, -40, s * 65, -8, -42, 3.5, Tissue.CORTICAL_BONE, 1); // zygomatic arch
            p.ellipsoid(Ellipsoid.of(s * 52, -62, -42, 8, 6, 10), Tissue.CORTICAL_BONE); // zygoma
            // Orbit: bony shell, fat, muscles, optic nerve, globe and lens.
            Ellipsoid orbit = Ellipsoid.of(s * 30, -48, -30, 16, 24, 16, s * 20, 0, 0);
            p.ellipsoid(orbit.grown(1.3), Tissue.THIN_CORTEX);
            p.ellipsoid(orbit, Tissue.FAT);
            p.capsule(s * 14, -26, -31, s * 18, -60, -30, 2.3, Tissue.MUSCLE, 1);
            p.capsule(s * 14, -26, -31, s * 44, -58, -30, 2.3, Tissue.MUSCLE, 1);
            p.capsule(s * 14, -26, -29, s * 31, -56, -18, 2.3, Tissue.MUSCLE, 1);
            p.capsule(s * 14, -26, -33, s * 31, -56, -42, 2.3, Tissue.MUSCLE, 1);
            p.capsule(s * 12, -24, -31, s * 29, -53, -30, 2.0, Tissue.NERVE, 1);
            p.ellipsoid(Ellipsoid.sphere(s * 31, -66, -30, 12.3), Tissue.SCLERA);
            p.ellipsoid(Ellipsoid.sphere(s * 31, -66, -30, 11.5), Tissue.FLUID);
            p.ellipsoid(Ellipsoid.of(s * 31, -75.5, -30, 4.5, 1.8, 4.5), Tissue.LENS);
            // Maxillary sinus; the left one holds fluid that settles to the back.
            Ellipsoid sinus = Ellipsoid.of(s * 32, -56, -60, 18, 19, 17);
            p.ellipsoid(sinus, Tissue.THIN_CORTEX);
            p.ellipsoid(sinus.grown(-1.5), Tissue.AIR);
            if (s > 0) {
                p.ellipsoid(sinus.grown(-1.5), Tissue.FLUID, 1, -49, 1);
            }
            p.ellipsoid(Ellipsoid.of(s * 82, 18, -38, 4, 15, 25, 0, 0, s * 12), Tissue.SKIN); // auricle
        }
        Ellipsoid ethmoid = ethmoid();
        p.ellipsoid(ethmoid, Tissue.CANCELLOUS_BONE);
        for (Ellipsoid cell : ethmoidCells) {
            if (ethmoid.contains(cell.cx, cell.cy, cell.cz)) {
                p.ellipsoid(cell, Tissue.AIR);
            }
        }
        p.ellipsoid(Ellipsoid.of(0, -80, -8, 16, 3.2, 9), Tissue.AIR); // frontal sinus
        Ellipsoid nasal = Ellipsoid.of(0, -68, -58, 15, 28, 18);
        p.ellipsoid(nasal, Tissue.AIR);
        for (int s = -1; s <= 1; s += 2) {
            p.ellipsoid(Ellipsoid.of(s * 10, -66, -63, 3.5, 22, 5), Tissue.MUSCLE); // turbinates
            p.ellipsoid(Ellipsoid.of(s * 10, -62, -52, 3, 18, 4), Tissue.MUSCLE);
        }
        p.ellipsoid(Ellipsoid.of(0, -70, -55, 1.0, 26, 18), Tissue.THIN_CORTEX); // nasal septum
        p.ellipsoid(Ellipsoid.of(0, -30, -62, 12, 9, 10), Tissue.AIR); // nasopharynx
    }

    private void paintNeck(SlicePainter p, double z) {
        for (int s = -1; s <= 1; s += 2) {
            p.capsule(s * 22, -8, -140, s * 17, -2, -42, 3.2, Tissue.BLOOD, 1); // internal carotid
            p.capsule(s * 30, 4, -140, s * 24, 12, -46, 5.0, Tissue.BLOOD, 1); // internal jugular
        }
        p.capsule(0, -10, -66, 0, -4, -150, 8, Tissue.AIR, 1); // oropharynx
        p.capsule(0, 30, -54, 0, 35, -66, 10, Tissue.FLUID, 1); // foramen magnum
        p.capsule(0, 30, -50, 0, 35, -66, 5.5, Tissue.NERVE, 1);
        cervical.paint(p);
    }

    /** How far a structure centred at {@code zc} with half-length {@code half} is present at z: 1 at its centre, 0 beyond. */
    private static double presence(double z, double zc, double half) {
        double u = (z - zc) / half;
        return Math.abs(u) >= 1 ? 0 : Math.sqrt(1 - u * u);
    }

    /** The point at parametric angle {@code th} on ellipse {@code e}, moved {@code outMm} outwards along the radius. */
    private static double[] onEllipse(double[] e, double th, double outMm) {
        double dx = e[2] * StrictMath.cos(th);
        double dy = e[3] * StrictMath.sin(th);
        double n = Math.sqrt(dx * dx + dy * dy);
        double k = (n + outMm) / n;
        return new double[] {e[0] + dx * k, e[1] + dy * k};
    }
}
