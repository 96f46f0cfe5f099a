package io.thinslice.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.volume.Geometry;
import io.thinslice.volume.Volume;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static Volume filled(int slices, int rows, int columns, float hu) {
        float[] v = new float[slices * rows * columns];
        Arrays.fill(v, hu);
        return new Volume(v, slices, rows, columns, Geometry.axial(new double[] {0, 0, 0}, 1, 1));
    }

    private static Volume textured(int slices, int rows, int columns, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[slices * rows * columns];
        for (int z = 0; z < slices; z++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < columns; x++) {
                    v[(z * rows + y) * columns + x] = (float) (300 * Math.sin(0.4 * x + 0.3 * y + 0.2 * z)
                            + 100 * random.nextGaussian());
                }
            }
        }
        return new Volume(v, slices, rows, columns, Geometry.axial(new double[] {0, 0, 0}, 1, 1));
    }

    private static Volume plus(Volume v, float hu, int factorForSynthOnly) {
        float[] out = v.voxels().clone();
        int size = v.sliceSize();
        for (int z = 0; z < v.slices(); z++) {
            if (factorForSynthOnly > 0 && z % factorForSynthOnly == 0) {
                continue;
            }
            for (int i = z * size; i < (z + 1) * size; i++) {
                out[i] += hu;
            }
        }
        return new Volume(out, v.slices(), v.rows(), v.columns(), v.geometry());
    }

    @Test
    void normalisationClipsAndScales() {
        assertEquals(0.0, Metrics.normalise(-1024));
        assertEquals(0.0, Metrics.normalise(-3000));
        assertEquals(0.25, Metrics.normalise(0));
        assertEquals(1.0, Metrics.normalise(3072));
        assertEquals(1.0, Metrics.normalise(5000));
        assertEquals(0.5, Metrics.normalise(1024));
    }

    @Test
    void identicalVolumesArePerfect() {
        Volume v = textured(13, 14, 15, 1);
        Metrics.Scores s = Metrics.score(v, v, 2);
        assertEquals(Double.POSITIVE_INFINITY, s.psnrAll());
        assertEquals(Double.POSITIVE_INFINITY, s.psnrSynthesised());
        assertEquals(1.0, s.ssimAxial(), 1e-12);
        assertEquals(1.0, s.ssimAxialSynthesised(), 1e-12);
        assertEquals(1.0, s.ssimCoronal(), 1e-12);
        assertEquals(1.0, s.ssimSagittal(), 1e-12);
    }

    @Test
    void constantErrorGivesKnownPsnr() {
        // 40.96 HU = 0.01 after scaling: MSE 1e-4, PSNR 40 dB.
        Volume truth = filled(5, 12, 12, 0);
        Volume test = filled(5, 12, 12, 40.96f);
        assertEquals(40.0, Metrics.psnr(truth, test), 1e-4);
        assertEquals(40.0, Metrics.psnrSynthesised(truth, test, 2), 1e-4);
        // 409.6 HU = 0.1: 20 dB.
        assertEquals(20.0, Metrics.psnr(truth, filled(5, 12, 12, 409.6f)), 1e-4);
    }

    @Test
    void errorOnlyInSynthesisedSlices() {
        Volume truth = textured(9, 12, 12, 2); // slices 0..8, factor 4: 0, 4, 8 acquired, 6 synthesised
        Volume test = plus(truth, 40.96f, 4);
        assertEquals(40.0, Metrics.psnrSynthesised(truth, test, 4), 1e-3);
        assertEquals(40.0 + 10 * Math.log10(9.0 / 6.0), Metrics.psnr(truth, test), 1e-3);
        assertEquals(Double.NaN, Metrics.psnrSynthesised(truth, test, 1));
    }

    @Test
    void clippedValuesCountAsEqual() {
        assertEquals(Double.POSITIVE_INFINITY, Metrics.psnr(filled(2, 11, 11, 3072), filled(2, 11, 11, 4000)));
        assertEquals(Double.POSITIVE_INFINITY, Metrics.psnr(filled(2, 11, 11, -1024), filled(2, 11, 11, -2000)));
    }

    @Test
    void ssimOfConstantImagesFollowsTheFormula() {
        // sigma = 0 in every window: SSIM = (2ab + C1) / (a² + b² + C1) exactly.
        double a = 0.25;
        double b = 0.30;
        double[] x = new double[12 * 13];
        double[] y = new double[12 * 13];
        Arrays.fill(x, a);
        Arrays.fill(y, b);
        double expected = (2 * a * b + 0.0001) / (a * a + b * b + 0.0001);
        assertEquals(expected, Metrics.ssim(x, y, 12, 13), 1e-12);
        assertEquals(1.0, Metrics.ssim(x, x, 12, 13), 1e-12);
    }

    @Test
    void ssimMatchesANaiveReference() {
        SplittableRandom random = new SplittableRandom(7);
        int h = 17;
        int w = 23;
        double[] x = new double[h * w];
        double[] y = new double[h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble();
            y[i] = Math.max(0, Math.min(1, 0.7 * x[i] + 0.3 * random.nextDouble() + 0.05));
        }
        double fast = Metrics.ssim(x, y, h, w);
        double naive = naiveSsim(x, y, h, w);
        assertEquals(naive, fast, 1e-12);
        assertTrue(fast > 0.2 && fast < 0.99, "a partly correlated pair: " + fast);
    }

    /** Direct 11×11 Gaussian (σ 1.5) SSIM, valid positions, written from Wang et al. 2004 without separability. */
    private static double naiveSsim(double[] x, double[] y, int h, int w) {
        double[][] g = new double[11][11];
        double total = 0;
        for (int i = 0; i < 11; i++) {
            for (int j = 0; j < 11; j++) {
                g[i][j] = Math.exp(-((i - 5) * (i - 5) + (j - 5) * (j - 5)) / (2 * 1.5 * 1.5));
                total += g[i][j];
            }
        }
        double c1 = Math.pow(0.01 * 1, 2);
        double c2 = Math.pow(0.03 * 1, 2);
        double sum = 0;
        int count = 0;
        for (int r = 0; r + 11 <= h; r++) {
            for (int c = 0; c + 11 <= w; c++) {
                double mx = 0;
                double my = 0;
                for (int i = 0; i < 11; i++) {
                    for (int j = 0; j < 11; j++) {
                        double wt = g[i][j] / total;
                        mx += wt * x[(r + i) * w + c + j];
                        my += wt * y[(r + i) * w + c + j];
                    }
                }
                double vx = 0;
                double vy = 0;
                double cxy = 0;
                for (int i = 0; i < 11; i++) {
                    for (int j = 0; j < 11; j++) {
                        double wt = g[i][j] / total;
                        double dx = x[(r + i) * w + c + j] - mx;
                        double dy = y[(r + i) * w + c + j] - my;
                        vx += wt * dx * dx;
                        vy += wt * dy * dy;
                        cxy += wt * dx * dy;
                    }
                }
                sum += (2 * mx * my + c1) * (2 * cxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                count++;
            }
        }
        return sum / count;
    }

    @Test
    void planesFollowTheOrientation() {
        int nz = 12;
        int ny = 13;
        int nx = 14;
        Volume truth = textured(nz, ny, nx, 3);
        float[] changed = truth.voxels().clone();
        int row = 6; // disturb one coronal plane (all z, y = 6, all x)
        SplittableRandom random = new SplittableRandom(4);
        for (int z = 0; z < nz; z++) {
            for (int x = 0; x < nx; x++) {
                changed[(z * ny + row) * nx + x] += (float) (200 * random.nextGaussian());
            }
        }
        Volume test = new Volume(changed, nz, ny, nx, truth.geometry());
        double[] coronal = Metrics.ssimPlanes(truth, test, Metrics.Orientation.CORONAL);
        assertEquals(ny, coronal.length);
        for (int y = 0; y < ny; y++) {
            if (y == row) {
                assertTrue(coronal[y] < 0.9, "disturbed plane " + coronal[y]);
            } else {
                assertEquals(1.0, coronal[y], 1e-12);
            }
        }
        double[] sagittal = Metrics.ssimPlanes(truth, test, Metrics.Orientation.SAGITTAL);
        assertEquals(nx, sagittal.length);
        double[] axial = Metrics.ssimPlanes(truth, test, Metrics.Orientation.AXIAL);
        assertEquals(nz, axial.length);
        for (double v : sagittal) {
            assertTrue(v < 1.0);
        }
        // The plane extraction matches Volume.at.
        Metrics.Plane p = Metrics.plane(truth, Metrics.Orientation.SAGITTAL, 5);
        assertEquals(nz, p.height());
        assertEquals(ny, p.width());
        assertEquals(Metrics.normalise(truth.at(7, 3, 5)), p.values()[7 * ny + 3], 0);
        Metrics.Plane q = Metrics.plane(truth, Metrics.Orientation.CORONAL, 4);
        assertEquals(Metrics.normalise(truth.at(8, 4, 9)), q.values()[8 * nx + 9], 0);
    }

    @Test
    void refusesMismatchedOrTinyInput() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.psnr(filled(3, 12, 12, 0), filled(4, 12, 12, 0)));
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.ssim(filled(3, 12, 12, 0), filled(3, 12, 12, 0), Metrics.Orientation.CORONAL));
    }
}
