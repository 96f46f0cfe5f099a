package io.thinslice.synthesis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * What this machine's PyTorch build does at best: multiply-adds per second of a large single-precision matrix
 * product on the model's device. A model cannot run faster than its multiply-adds at this rate, so it is the
 * floor against which synthesis times are compared (bench/).
 */
public final class ComputeRate {

    private ComputeRate() {
    }

    /** Best of {@code repeats} products of two n × n matrices, in multiply-adds per second. */
    public static double macsPerSecond(int n, int repeats) {
        return TorchRuntime.exclusive(() -> {
            try (NDManager m = NDManager.newBaseManager(TorchRuntime.device())) {
                m.getEngine().setRandomSeed(1);
                NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
                NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
                a.matMul(b).close(); // warm-up
                double best = Double.MAX_VALUE;
                for (int i = 0; i < repeats; i++) {
                    long t0 = System.nanoTime();
                    try (NDArray c = a.matMul(b)) {
                        c.getFloat(0, 0); // forces the product to finish
                    }
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                }
                return (double) n * n * n / best;
            }
        });
    }
}
