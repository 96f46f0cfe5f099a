package io.thinslice.series;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * The queue gauges an autoscaler reads, named alike for both stores: {@code thinslice.queue.depth} (series complete and
 * waiting for synthesis; cluster-wide with postgresql) and {@code thinslice.queue.oldest.seconds} (how long the
 * longest-waiting of them has waited).
 */
final class QueueMetrics {

    private QueueMetrics() {
    }

    static void register(MeterRegistry meters, IntSupplier depth, DoubleSupplier oldestSeconds) {
        Gauge.builder("thinslice.queue.depth", depth, IntSupplier::getAsInt).strongReference(true)
                .description("Series complete and waiting for synthesis (cluster-wide with thinslice.jobs.store=postgresql)").register(meters);
        Gauge.builder("thinslice.queue.oldest.seconds", oldestSeconds, DoubleSupplier::getAsDouble).strongReference(true)
                .description("How long the longest-waiting complete series has waited for synthesis").register(meters);
    }
}
