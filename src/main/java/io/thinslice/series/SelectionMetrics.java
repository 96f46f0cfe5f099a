package io.thinslice.series;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code thinslice.series.selection} (Prometheus: {@code thinslice_series_selection_total{decision,rule}}): one count
 * per decision on a complete series, {@code decision="selected",rule="none"} or {@code decision="ignored"} with the
 * rule that refused it. A retried job is decided, and counted, again.
 */
final class SelectionMetrics implements SeriesProcessor.SelectionListener {

    private final MeterRegistry meters;

    SelectionMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void decided(SeriesSelection.Decision decision) {
        Counter.builder("thinslice.series.selection").description("Complete series selected for synthesis or ignored, by the rule that decided")
                .tag("decision", decision.selected() ? "selected" : "ignored").tag("rule", decision.selected() ? "none" : decision.rule())
                .register(meters).increment();
    }
}
