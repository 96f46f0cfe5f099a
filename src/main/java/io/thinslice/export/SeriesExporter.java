package io.thinslice.export;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends one derived series to every destination. Each destination retries on its own with exponential
 * backoff, resending only what it has not acknowledged; the export finishes when all destinations have
 * everything, or fails when one gives up: after the last attempt, or at once when an attempt's result says another
 * cannot help ({@link SeriesDestination.Result#permanent()}).
 */
public final class SeriesExporter {

    /** What the exporter reports; called from the scheduler's threads. */
    public interface Progress {
        /** After each attempt; {@code nextAttempt} is null when the destination is done or has given up. */
        void attempted(SeriesDestination destination, int attempt, int acknowledged, String problem, Instant nextAttempt);

        /** Once, when every destination is done ({@code failure} null) or one has given up. */
        void finished(String failure);
    }

    private final ScheduledExecutorService scheduler;
    private final RetryPolicy policy;
    private final Clock clock;

    public SeriesExporter(ScheduledExecutorService scheduler, RetryPolicy policy, Clock clock) {
        this.scheduler = scheduler;
        this.policy = policy;
        this.clock = clock;
    }

    /** @param instances SOP Instance UID → file, in instance order */
    public void export(Map<String, Path> instances, List<? extends SeriesDestination> destinations, Progress progress) {
        if (destinations.isEmpty()) {
            progress.finished(null);
            return;
        }
        AtomicInteger open = new AtomicInteger(destinations.size());
        Object finishOnce = new Object();
        boolean[] finished = {false};
        for (SeriesDestination d : destinations) {
            Map<String, Path> pending = new LinkedHashMap<>(instances);
            scheduler.execute(new Attempt(d, pending, 1, progress, outcome -> {
                synchronized (finishOnce) {
                    if (finished[0]) {
                        return;
                    }
                    if (outcome != null) {
                        finished[0] = true;
                        progress.finished(outcome);
                    } else if (open.decrementAndGet() == 0) {
                        finished[0] = true;
                        progress.finished(null);
                    }
                }
            }));
        }
    }

    private interface DestinationDone {
        void done(String failure);
    }

    private final class Attempt implements Runnable {
        private final SeriesDestination destination;
        private final Map<String, Path> pending;
        private final int attempt;
        private final Progress progress;
        private final DestinationDone done;

        Attempt(SeriesDestination destination, Map<String, Path> pending, int attempt, Progress progress, DestinationDone done) {
            this.destination = destination;
            this.pending = pending;
            this.attempt = attempt;
            this.progress = progress;
            this.done = done;
        }

        @Override
        public void run() {
            SeriesDestination.Result result;
            try {
                result = destination.send(new LinkedHashMap<>(pending));
            } catch (RuntimeException e) {
                result = new SeriesDestination.Result(java.util.Set.of(), "sending to " + destination.describe() + " failed: " + e);
            }
            int before = pending.size();
            pending.keySet().removeAll(result.stored());
            int acknowledged = before - pending.size();
            if (result.complete() || pending.isEmpty()) {
                progress.attempted(destination, attempt, acknowledged, null, null);
                done.done(null);
                return;
            }
            if (result.permanent()) {
                progress.attempted(destination, attempt, acknowledged, result.problem(), null);
                done.done("gave up on " + destination.describe() + " at attempt " + attempt + " (not retried: sending again cannot help): "
                        + result.problem());
                return;
            }
            if (attempt >= policy.maxAttempts()) {
                progress.attempted(destination, attempt, acknowledged, result.problem(), null);
                done.done("gave up on " + destination.describe() + " after " + attempt + " attempts: " + result.problem());
                return;
            }
            Duration wait = policy.delayAfter(attempt);
            progress.attempted(destination, attempt, acknowledged, result.problem(), clock.instant().plus(wait));
            scheduler.schedule(new Attempt(destination, pending, attempt + 1, progress, done), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
