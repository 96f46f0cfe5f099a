package io.thinslice.studies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.volume.Volume;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BodyPhantomGeneratorTest {

    /** Noise-free 128 × 128 × 97 phantoms (1.25 mm, the part's usual field of view), one per part, shared by tests. */
    private static final Map<BodyPart, Volume> CLEAN = new EnumMap<>(BodyPart.class);

    private static Volume clean(BodyPart part) {
        synchronized (CLEAN) {
            return CLEAN.computeIfAbsent(part, p -> BodyPhantomGenerator.thin(BodyPhantomSpec.of(p, 128, 128, 97, 1).withNoiseSigma(0)));
        }
    }

    private static BodyPhantomSpec small(BodyPart part) {
        return BodyPhantomSpec.of(part, 64, 64, 17, 7);
    }

    @Test
    void ofFitsThePartsFieldOfView() {
        BodyPhantomSpec spec = BodyPhantomSpec.of(BodyPart.HEAD, 128, 100, 97, 3);
        assertEquals(250.0 / 128, spec.pixelSpacingMm());
        assertEquals(1.25, spec.thinSpacingMm());
        assertEquals(10.0, spec.noiseSigmaHu());
        assertEquals(ReconstructionKernel.STANDARD, spec.kernel());
        assertEquals(0, spec.greyLevels());
        assertEquals(3, spec.seed());
    }

    @ParameterizedTest
    @EnumSource(BodyPart.class)
    void shapeAndGeometryFollowTheSpec(BodyPart part) {
        BodyPhantomSpec spec = new BodyPhantomSpec(part, 40, 56, 9, 2.5, 1.5, 10, ReconstructionKernel.STANDARD, 0, 1);
        Volume v = BodyPhantomGenerator.thin(spec);
        assertEquals(9, v.slices());
        assertEquals(40, v.rows());
        assertEquals(56, v.columns());
        assertEquals(2.5, v.geometry().rowSpacing());
        assertEquals(2.5, v.geometry().columnSpacing());
        assertEquals(1.5, v.geometry().sliceSpacing());
        assertArrayEquals(new double[] {0, 0, 1}, v.geometry().normal(), 1e-12);
        double[] first = v.geometry().origin();
        assertEquals(-55 * 2.5 / 2, first[0], 1e-9);
        assertEquals(-39 * 2.5 / 2, first[1], 1e-9);
        assertEquals(-8 * 1.5 / 2, first[2], 1e-9);
    }

    @ParameterizedTest
    @EnumSource(BodyPart.class)
    void sameSpecGivesBitIdenticalVoxelsAndAnotherSeedOthers(BodyPart part) {
        Volume a = BodyPhantomGenerator.thin(small(part));
        Volume b = BodyPhantomGenerator.thin(small(part));
        assertArrayEquals(a.voxels(), b.voxels());
        assertEquals(a.geometry(), b.geometry());
        Volume c = BodyPhantomGenerator.thin(small(part).withSeed(8));
        assertFalse(Arrays.equals(a.voxels(), c.voxels()));
        // but the same body: the mean differs by far less than the tissue contrasts
        assertEquals(mean(a.voxels()), mean(c.voxels()), 15, part + " mean");
        // and without noise the seed still changes the small random structures or the texture
        assertFalse(Arrays.equals(BodyPhantomGenerator.thin(small(part).withNoiseSigma(0)).voxels(),
                BodyPhantomGenerator.thin(small(part).withNoiseSigma(0).withSeed(8)).voxels()));
    }

    @Test
    void valuesStayInTheCtRangeEvenWithStrongNoiseAndASharpKernel() {
        for (BodyPart part : BodyPart.values()) {
            Volume v = BodyPhantomGenerator.thin(small(part).withNoiseSigma(400).withKernel(ReconstructionKernel.SHARP));
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float f : v.voxels()) {
                min = Math.min(min, f);
                max = Math.max(max, f);
            }
            assertEquals(-1024f, min, part + ": air plus strong noise reaches the floor");
            assertTrue(max <= 3071f, part + ": max " + max);
        }
        BodyPhantomSpec extreme = new BodyPhantomSpec(BodyPart.HEAD, 32, 32, 5, 1, 1, 5000, ReconstructionKernel.SHARP, 0, 1);
        float[] x = BodyPhantomGenerator.thin(extreme).voxels();
        assertEquals(3071f, max(x));
        assertEquals(-1024f, min(x));
    }

    @Test
    void headHasItsTissues() {
        float[] x = clean(BodyPart.HEAD).voxels();
        assertTrue(fraction(x, 1100, 3072) > 0.01, "cortical bone (tables of the skull, petrous bone)");
        assertTrue(fraction(x, 300, 1100) > 0.01, "diploe and cancellous bone");
        assertTrue(fraction(x, 34, 46) > 0.03, "grey matter");
        assertTrue(fraction(x, 20, 33) > 0.05, "white matter");
        assertTrue(fraction(x, -5, 20) > 0.005, "CSF: ventricles, sulci, fluid");
        assertTrue(fraction(x, -150, -60) > 0.005, "fat: scalp and orbits");
        // Air inside the head (sinuses, mastoid and ethmoid cells), away from the air around it.
        Volume v = clean(BodyPart.HEAD);
        int inner = 0;
        for (int s = 0; s < v.slices(); s++) {
            for (int r = 40; r < 88; r++) {
                for (int c = 40; c < 88; c++) {
                    inner += v.at(s, r, c) < -900 ? 1 : 0;
                }
            }
        }
        assertTrue(inner > 200, "air in the sinuses: " + inner);
    }

    @Test
    void chestHasItsTissues() {
        float[] x = clean(BodyPart.CHEST).voxels();
        assertTrue(fraction(x, -900, -700) > 0.05, "lung");
        assertTrue(fraction(x, -150, -60) > 0.04, "fat");
        assertTrue(fraction(x, 35, 65) > 0.015, "muscle and soft tissue");
        assertTrue(fraction(x, 150, 360) > 0.012, "contrast-filled vessels and heart");
        assertTrue(fraction(x, 300, 3072) > 0.005, "bone");
        // vessels inside the lungs: soft-tissue voxels surrounded by lung
        assertTrue(countInLung(clean(BodyPart.CHEST)) > 500, "vessels and nodules in the lungs");
    }

    @Test
    void abdomenHasItsTissues() {
        float[] x = clean(BodyPart.ABDOMEN).voxels();
        assertTrue(fraction(x, -150, -60) > 0.10, "subcutaneous and visceral fat");
        assertTrue(fraction(x, 90, 125) > 0.015, "liver, spleen, pancreas");
        assertTrue(fraction(x, 150, 260) > 0.01, "kidney cortex, vessels");
        assertTrue(fraction(x, 260, 360) > 0.005, "oral contrast");
        assertTrue(fraction(x, 35, 65) > 0.015, "muscle");
        assertTrue(fraction(x, 300, 3072) > 0.003, "bone");
        assertTrue(fraction(x, -900, -200) > 0.01, "bowel gas (partial volume) and lung bases");
    }

    @Test
    void kneeHasItsTissues() {
        float[] x = clean(BodyPart.KNEE).voxels();
        assertTrue(fraction(x, -150, -60) > 0.06, "fat");
        assertTrue(fraction(x, 35, 65) > 0.02, "muscle");
        assertTrue(fraction(x, 1100, 3072) > 0.003, "cortical bone");
        assertTrue(fraction(x, 100, 700) > 0.03, "cancellous bone");
        assertTrue(fraction(x, 80, 110) > 0.004, "cartilage, tendons, menisci");
    }

    @ParameterizedTest
    @EnumSource(BodyPart.class)
    void trabecularBoneIsTextured(BodyPart part) {
        // Cancellous bone (100–450 HU, no noise) spans a wide range of values, not one flat level.
        float[] x = clean(part).voxels();
        double sum = 0;
        double sum2 = 0;
        int n = 0;
        for (float f : x) {
            if (f > 100 && f < 450) {
                sum += f;
                sum2 += f * f;
                n++;
            }
        }
        double sd = Math.sqrt(sum2 / n - (sum / n) * (sum / n));
        assertTrue(n > 500 && sd > 40, part + ": " + n + " voxels, sd " + sd);
    }

    @ParameterizedTest
    @EnumSource(BodyPart.class)
    void structuresChangeAlongZ(BodyPart part) {
        // Slices 1 mm apart: bone changes clearly, and some pixels change by more than 100 HU everywhere along the
        // stack; slices 20 mm apart differ far more than neighbours.
        BodyPhantomSpec spec = new BodyPhantomSpec(part, 96, 96, 61, part.fieldOfViewMm() / 96, 1.0, 0,
                ReconstructionKernel.STANDARD, 0, 3);
        Volume v = BodyPhantomGenerator.thin(spec);
        double boneSum = 0;
        int boneCount = 0;
        int slicesWithJumps = 0;
        for (int k = 0; k + 1 < v.slices(); k++) {
            float[] a = v.slice(k);
            float[] b = v.slice(k + 1);
            int jumps = 0;
            for (int i = 0; i < a.length; i++) {
                if (a[i] > 300 || b[i] > 300) {
                    boneSum += Math.abs(a[i] - b[i]);
                    boneCount++;
                }
                jumps += Math.abs(a[i] - b[i]) > 100 ? 1 : 0;
            }
            slicesWithJumps += jumps > 0 ? 1 : 0;
        }
        double boneChange = boneSum / boneCount;
        assertTrue(boneChange > 50, part + ": mean change of bone 1 mm apart " + boneChange);
        assertTrue(slicesWithJumps > 0.9 * (v.slices() - 1), part + ": " + slicesWithJumps + " slice pairs with jumps");
        double near = meanAbsDiff(v.slice(30), v.slice(31));
        double far = meanAbsDiff(v.slice(30), v.slice(50));
        assertTrue(far > 3 * near, part + ": far " + far + " vs near " + near);
    }

    @Test
    void smallStructuresSpanOnlyAFewThinSlices() {
        // A 2–8 mm nodule shows in 2–7 slices 1.25 mm apart: count, per lung pixel column, runs of soft tissue that
        // start and end in lung within a few slices.
        Volume v = clean(BodyPart.CHEST);
        int shortRuns = 0;
        for (int r = 0; r < v.rows(); r++) {
            for (int c = 0; c < v.columns(); c++) {
                int run = 0;
                boolean startedInLung = false;
                for (int s = 0; s < v.slices(); s++) {
                    float f = v.at(s, r, c);
                    if (f > -300) {
                        run++;
                    } else {
                        if (run > 0 && run <= 6 && startedInLung && f < -700) {
                            shortRuns++;
                        }
                        startedInLung = f < -700;
                        run = 0;
                    }
                }
            }
        }
        assertTrue(shortRuns > 50, "short through-plane runs: " + shortRuns);
    }

    @Test
    void sameAnatomyAtOtherSpacing() {
        // Twice the pixels at half the spacing (same field of view), and twice the slices at half the spacing: the
        // anatomy is in mm, so it lands in the same place.
        BodyPhantomSpec coarse = new BodyPhantomSpec(BodyPart.KNEE, 64, 64, 25, 2.5, 1.25, 0, ReconstructionKernel.STANDARD, 0, 5);
        Volume a = BodyPhantomGenerator.thin(coarse);
        Volume fine = BodyPhantomGenerator.thin(coarse.withSampling(128, 128, 49, 1.25, 0.625));
        double diff = 0;
        double spread = 0;
        for (int k = 0; k < a.slices(); k++) {
            for (int r = 0; r < 64; r++) {
                for (int c = 0; c < 64; c++) {
                    // the coarse pixel's centre lies between four fine pixels
                    double m = 0;
                    for (int dr = 0; dr < 2; dr++) {
                        for (int dc = 0; dc < 2; dc++) {
                            m += fine.at(2 * k, 2 * r + dr, 2 * c + dc) / 4.0;
                        }
                    }
                    diff += Math.abs(a.at(k, r, c) - m);
                    spread += Math.abs(a.at(k, r, c) - a.at(k, (r + 5) % 64, c));
                }
            }
        }
        assertTrue(diff < 0.25 * spread, "coarse vs fine " + diff + ", vs shifted " + spread);
        // Partial volume is linear in the area covered, so each slice's mean is the same at both samplings, up to the
        // texture detail that only the finer sampling resolves.
        float[] fineSlices = slicesEvery(fine, 2);
        for (int k = 0; k < a.slices(); k++) {
            double coarseMean = mean(Arrays.copyOfRange(a.voxels(), k * 64 * 64, (k + 1) * 64 * 64));
            double fineMean = mean(Arrays.copyOfRange(fineSlices, k * 128 * 128, (k + 1) * 128 * 128));
            assertEquals(coarseMean, fineMean, 8, "mean of slice " + k);
        }
    }

    @ParameterizedTest
    @EnumSource(ReconstructionKernel.class)
    void noiseHasTheAskedForSigma(ReconstructionKernel kernel) {
        for (double sigma : new double[] {5, 15}) {
            BodyPhantomSpec spec = BodyPhantomSpec.of(BodyPart.ABDOMEN, 96, 96, 9, 11).withKernel(kernel).withNoiseSigma(sigma);
            Volume noisy = BodyPhantomGenerator.thin(spec);
            Volume clean = BodyPhantomGenerator.thin(spec.withNoiseSigma(0));
            // In a flat region: the air in the top corners, away from the body and the table.
            double s = 0;
            double s2 = 0;
            int n = 0;
            for (int k = 0; k < noisy.slices(); k++) {
                for (int r = 2; r < 14; r++) {
                    for (int c = 2; c < 14; c++) {
                        for (double f : new double[] {noisy.at(k, r, c), noisy.at(k, r, 95 - c)}) {
                            s += f;
                            s2 += f * f;
                            n++;
                        }
                    }
                }
            }
            double flat = Math.sqrt(s2 / n - (s / n) * (s / n));
            assertEquals(sigma, flat, 0.2 * sigma, kernel + " sigma " + sigma + " in air");
            // Everywhere: the noisy minus the clean volume (same seed, same anatomy), away from the clamped floor.
            s = 0;
            s2 = 0;
            n = 0;
            for (int i = 0; i < noisy.voxels().length; i++) {
                if (clean.voxels()[i] > -900) {
                    double d = noisy.voxels()[i] - clean.voxels()[i];
                    s += d;
                    s2 += d * d;
                    n++;
                }
            }
            double all = Math.sqrt(s2 / n - (s / n) * (s / n));
            assertEquals(sigma, all, 0.1 * sigma, kernel + " sigma " + sigma + " in the body");
        }
    }

    @Test
    void noiseIsCorrelatedInPlaneNotWhite() {
        // Neighbouring pixels' noise is correlated, more so with the soft kernel; the sharp kernel's is the least.
        double soft = neighbourCorrelation(ReconstructionKernel.SOFT);
        double standard = neighbourCorrelation(ReconstructionKernel.STANDARD);
        double sharp = neighbourCorrelation(ReconstructionKernel.SHARP);
        assertTrue(soft > standard && standard > sharp, soft + " > " + standard + " > " + sharp);
        assertTrue(Math.abs(standard) > 0.05, "standard " + standard);
    }

    @Test
    void sharpKernelHasMoreHighFrequencyEnergyThanSoft() {
        for (double sigma : new double[] {0, 10}) {
            BodyPhantomSpec spec = BodyPhantomSpec.of(BodyPart.KNEE, 96, 96, 9, 2).withNoiseSigma(sigma);
            double soft = laplacianEnergy(BodyPhantomGenerator.thin(spec.withKernel(ReconstructionKernel.SOFT)));
            double standard = laplacianEnergy(BodyPhantomGenerator.thin(spec));
            double sharp = laplacianEnergy(BodyPhantomGenerator.thin(spec.withKernel(ReconstructionKernel.SHARP)));
            assertTrue(sharp > 1.3 * standard && standard > 1.3 * soft, "sigma " + sigma + ": " + soft + " < " + standard + " < " + sharp);
        }
    }

    @Test
    void sharpKernelOvershootsAtBoneEdges() {
        // Edge enhancement: the brightest and darkest values near cortex go beyond what the standard kernel shows.
        BodyPhantomSpec spec = BodyPhantomSpec.of(BodyPart.KNEE, 96, 96, 9, 2).withNoiseSigma(0);
        float[] standard = BodyPhantomGenerator.thin(spec).voxels();
        float[] sharp = BodyPhantomGenerator.thin(spec.withKernel(ReconstructionKernel.SHARP)).voxels();
        assertTrue(max(sharp) > max(standard) + 100, max(sharp) + " vs " + max(standard));
        // soft tissue just outside bone dips below anything in the standard image's soft tissue and fat
        assertTrue(fraction(sharp, -400, -160) > 2 * fraction(standard, -400, -160));
    }

    @ParameterizedTest
    @EnumSource(BodyPart.class)
    void greyLevelsQuantise(BodyPart part) {
        for (int levels : new int[] {2, 64, 256}) {
            float[] x = BodyPhantomGenerator.thin(small(part).withGreyLevels(levels)).voxels();
            Set<Float> distinct = new HashSet<>();
            double step = 4095.0 / (levels - 1);
            for (float f : x) {
                distinct.add(f);
                double k = (f + 1024) / step;
                assertEquals(Math.rint(k), k, 1e-3, "value " + f + " on the grid of " + levels);
            }
            assertTrue(distinct.size() <= levels, levels + " levels: " + distinct.size());
            assertTrue(levels < 64 || distinct.size() >= 8, levels + " levels: " + distinct.size());
        }
        // and 0 leaves values alone
        Set<Float> distinct = new HashSet<>();
        for (float f : BodyPhantomGenerator.thin(small(part)).voxels()) {
            distinct.add(f);
        }
        assertTrue(distinct.size() > 5000, "unquantised: " + distinct.size());
    }

    @Test
    void invalidSpecsAreRejected() {
        BodyPhantomSpec ok = BodyPhantomSpec.of(BodyPart.HEAD, 64, 64, 9, 1);
        assertThrows(IllegalArgumentException.class, () -> ok.withSampling(4, 64, 9, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ok.withSampling(64, 64, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ok.withSampling(64, 64, 9, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ok.withSampling(64, 64, 9, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ok.withSampling(50_000, 50_000, 9, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ok.withNoiseSigma(-1));
        assertThrows(IllegalArgumentException.class, () -> ok.withNoiseSigma(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> ok.withGreyLevels(1));
        assertThrows(IllegalArgumentException.class, () -> ok.withGreyLevels(-3));
        assertThrows(IllegalArgumentException.class, () -> ok.withGreyLevels(70_000));
        assertThrows(NullPointerException.class, () -> ok.withKernel(null));
    }

    // ---- helpers ----

    private static double neighbourCorrelation(ReconstructionKernel kernel) {
        BodyPhantomSpec spec = BodyPhantomSpec.of(BodyPart.HEAD, 96, 96, 5, 4).withKernel(kernel);
        Volume noisy = BodyPhantomGenerator.thin(spec);
        Volume clean = BodyPhantomGenerator.thin(spec.withNoiseSigma(0));
        double sxy = 0;
        double sxx = 0;
        for (int k = 0; k < noisy.slices(); k++) {
            for (int r = 20; r < 76; r++) {
                for (int c = 20; c < 75; c++) {
                    double a = noisy.at(k, r, c) - clean.at(k, r, c);
                    double b = noisy.at(k, r, c + 1) - clean.at(k, r, c + 1);
                    sxy += a * b;
                    sxx += a * a;
                }
            }
        }
        return sxy / sxx;
    }

    private static double laplacianEnergy(Volume v) {
        double e = 0;
        for (int k = 0; k < v.slices(); k++) {
            for (int r = 1; r < v.rows() - 1; r++) {
                for (int c = 1; c < v.columns() - 1; c++) {
                    double l = 4 * v.at(k, r, c) - v.at(k, r - 1, c) - v.at(k, r + 1, c) - v.at(k, r, c - 1) - v.at(k, r, c + 1);
                    e += l * l;
                }
            }
        }
        return e;
    }

    private static int countInLung(Volume v) {
        int n = 0;
        for (int s = 0; s < v.slices(); s++) {
            for (int r = 3; r < v.rows() - 3; r++) {
                for (int c = 3; c < v.columns() - 3; c++) {
                    if (v.at(s, r, c) > -300 && v.at(s, r - 3, c) < -700 && v.at(s, r + 3, c) < -700
                            && v.at(s, r, c - 3) < -700 && v.at(s, r, c + 3) < -700) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private static float[] slicesEvery(Volume v, int step) {
        int size = v.sliceSize();
        int n = (v.slices() + step - 1) / step;
        float[] out = new float[n * size];
        for (int k = 0; k < n; k++) {
            System.arraycopy(v.voxels(), k * step * size, out, k * size, size);
        }
        return out;
    }

    private static double mean(float[] x) {
        double s = 0;
        for (float f : x) {
            s += f;
        }
        return s / x.length;
    }

    private static float max(float[] x) {
        float m = -Float.MAX_VALUE;
        for (float f : x) {
            m = Math.max(m, f);
        }
        return m;
    }

    private static float min(float[] x) {
        float m = Float.MAX_VALUE;
        for (float f : x) {
            m = Math.min(m, f);
        }
        return m;
    }

    private static double fraction(float[] x, double lo, double hi) {
        int c = 0;
        for (float f : x) {
            if (f >= lo && f < hi) {
                c++;
            }
        }
        return c / (double) x.length;
    }

    private static double meanAbsDiff(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / a.length;
    }
}
