package io.thinslice.studies;

import io.thinslice.volume.Geometry;
import io.thinslice.volume.Volume;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The thin-slice studies that {@code train} and {@code eval} name, each with an identity that says which data it is,
 * so that an evaluation can tell whether weights were trained on what it scores ({@link StudyIdentity}).
 *
 * <p>The Cranium volume (the only real CT volume here) is split along z: {@code cranium-caudal} is slices 0–53 (neck,
 * skull base, face), {@code cranium-cranial} slices 54–107 (brain and vault). Body phantoms come in a training set
 * (seeds 1–4) and an evaluation set (seeds 101–104, other patients of the same generator), the evaluation set also with
 * heavy noise and quantised to 64 grey levels: cases where a learned model can fail and classical interpolation
 * cannot.
 */
public final class NamedStudies {

    /** Cranium: 108 slices; the split point between the caudal and cranial halves. */
    public static final int CRANIUM_SPLIT = 54;
    /** Slices of the Cranium volume of Debian's invesalius-examples. */
    public static final int CRANIUM_SLICES = 108;

    /** A named study: its thin volume, what it is, and its identity for held-out checks. */
    public record Study(String name, String identity, String description, Volume thin) {
    }

    private static final Map<String, BodyPhantomSpec> PHANTOMS = new LinkedHashMap<>();

    static {
        // ~1 mm pixels over a cropped field of view: in-plane finer than the slices, as in clinical CT.
        PHANTOMS.put("head", BodyPhantomSpec.of(BodyPart.HEAD, 192, 192, 81, 101).withSampling(192, 192, 81, 1.0, 1.25));
        PHANTOMS.put("chest", BodyPhantomSpec.of(BodyPart.CHEST, 192, 192, 81, 102).withSampling(192, 192, 81, 1.1, 1.25));
        PHANTOMS.put("abdomen", BodyPhantomSpec.of(BodyPart.ABDOMEN, 192, 192, 81, 103).withSampling(192, 192, 81, 1.1, 1.25));
        PHANTOMS.put("knee", BodyPhantomSpec.of(BodyPart.KNEE, 160, 160, 81, 104).withSampling(160, 160, 81, 0.8, 1.25));
        PHANTOMS.put("abdomen-noisy", PHANTOMS.get("abdomen").withNoiseSigma(60));
        PHANTOMS.put("abdomen-q64", PHANTOMS.get("abdomen").withGreyLevels(64));
        PHANTOMS.put("head-soft", PHANTOMS.get("head").withKernel(ReconstructionKernel.SOFT));
        PHANTOMS.put("knee-sharp", PHANTOMS.get("knee").withKernel(ReconstructionKernel.SHARP));
        for (BodyPart part : BodyPart.values()) {
            String n = part.name().toLowerCase(Locale.ROOT);
            BodyPhantomSpec eval = PHANTOMS.get(n);
            for (int s = 1; s <= 4; s++) {
                PHANTOMS.put("train-" + n + "-" + s, eval.withSeed(s).withKernel(ReconstructionKernel.values()[s % 3])
                        .withNoiseSigma(new double[] {5, 10, 20, 40}[s - 1]));
            }
        }
    }

    private NamedStudies() {
    }

    /** Every name {@link #load} knows. */
    public static List<String> names() {
        List<String> all = new java.util.ArrayList<>(List.of("cranium", "cranium-caudal", "cranium-cranial", "phantom"));
        all.addAll(PHANTOMS.keySet());
        return all;
    }

    /** The evaluation set: real CT held out by region, and body phantoms no training set here uses. */
    public static List<String> evaluationSet() {
        return List.of("cranium-caudal", "head", "chest", "abdomen", "knee", "abdomen-noisy", "abdomen-q64");
    }

    /** The identity of a named study, without making its volume. */
    public static String identity(String name) {
        return switch (name) {
            case "cranium" -> StudyIdentity.of("cranium", 0, CRANIUM_SLICES);
            case "cranium-caudal" -> StudyIdentity.of("cranium", 0, CRANIUM_SPLIT);
            case "cranium-cranial" -> StudyIdentity.of("cranium", CRANIUM_SPLIT, CRANIUM_SLICES);
            case "phantom" -> "phantom:chest-v1:" + PhantomSpec.small().seed();
            default -> {
                BodyPhantomSpec spec = PHANTOMS.get(name);
                if (spec == null) {
                    throw new IllegalArgumentException("unknown study '" + name + "'; known: " + String.join(", ", names()));
                }
                yield "phantom:" + spec.bodyPart().name().toLowerCase(Locale.ROOT) + ":" + spec.seed();
            }
        };
    }

    /**
     * @param craniumFile the InVesalius project of the Cranium study (Debian invesalius-examples)
     * @throws IllegalArgumentException for an unknown name
     */
    public static Study load(String name, Path craniumFile) throws IOException {
        switch (name) {
            case "cranium", "cranium-caudal", "cranium-cranial" -> {
                Volume v = CraniumStudy.read(craniumFile);
                int from = name.equals("cranium-cranial") ? CRANIUM_SPLIT : 0;
                int to = name.equals("cranium-caudal") ? CRANIUM_SPLIT : v.slices();
                String what = switch (name) {
                    case "cranium-caudal" -> "real head CT (Cranium), caudal half: neck, skull base, face";
                    case "cranium-cranial" -> "real head CT (Cranium), cranial half: brain and vault";
                    default -> "real head CT (Cranium), whole";
                };
                return new Study(name, StudyIdentity.of("cranium", from, to == CRANIUM_SLICES ? CRANIUM_SLICES : to), what, slices(v, from, to));
            }
            case "phantom" -> {
                return new Study(name, "phantom:chest-v1:" + PhantomSpec.small().seed(), "synthetic chest (PhantomGenerator, small)",
                        PhantomGenerator.thin(PhantomSpec.small()));
            }
            default -> {
                BodyPhantomSpec spec = PHANTOMS.get(name);
                if (spec == null) {
                    throw new IllegalArgumentException("unknown study '" + name + "'; known: " + String.join(", ", names()));
                }
                String what = String.format(Locale.ROOT, "synthetic %s (BodyPhantomGenerator, seed %d, noise %.0f HU, %s kernel%s)",
                        spec.bodyPart().name().toLowerCase(Locale.ROOT), spec.seed(), spec.noiseSigmaHu(),
                        spec.kernel().name().toLowerCase(Locale.ROOT), spec.greyLevels() > 0 ? ", " + spec.greyLevels() + " grey levels" : "");
                return new Study(name, identity(name), what, BodyPhantomGenerator.thin(spec));
            }
        }
    }

    /** Slices [from, to) of {@code v}, geometry moved to slice {@code from}. */
    public static Volume slices(Volume v, int from, int to) {
        Geometry g = v.geometry();
        Geometry moved = new Geometry(g.positionOf(from), g.rowDirection(), g.columnDirection(), g.rowSpacing(), g.columnSpacing(),
                g.sliceSpacing());
        return new Volume(Arrays.copyOfRange(v.voxels(), from * v.sliceSize(), to * v.sliceSize()), to - from, v.rows(), v.columns(), moved);
    }
}
