package io.thinslice.synthesis;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one place that starts the PyTorch engine and serialises model work.
 *
 * <p>Sets {@code ai.djl.offline=true} unless the caller set it (without it the engine start tries telemetry
 * connections). Uses the first GPU when the engine sees one, otherwise the CPU with PyTorch's default intra-op
 * thread count (all cores). Model work runs one job at a time: parallel jobs only oversubscribe the cores.
 */
public final class TorchRuntime {

    private static final ReentrantLock LOCK = new ReentrantLock(true);

    private TorchRuntime() {
    }

    /** The PyTorch engine, started offline. */
    public static Engine engine() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        return Engine.getEngine("PyTorch");
    }

    /** GPU 0 when the engine sees a GPU, otherwise the CPU. */
    public static Device device() {
        return engine().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /** Runs {@code work} while holding the model lock (one model job at a time in this JVM). */
    public static <T> T exclusive(Supplier<T> work) {
        LOCK.lock();
        try {
            return work.get();
        } finally {
            LOCK.unlock();
        }
    }
}
