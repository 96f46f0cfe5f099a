package io.thinslice.series;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Whether the jobs are going well, from the job records alone (so the answer survives a restart): are the most recent
 * runs all failing, and has a series been waiting for (or stuck in) synthesis too long.
 *
 * @param consecutiveFailures the most recently ended runs that failed, counted back to the last one that was done
 *                            (ignored and interrupted runs say nothing about the node's health and are skipped)
 * @param oldestQueued        how long the longest-queued job has been waiting for or in synthesis (zero when none)
 * @param failingAfter        this many consecutive failures make the jobs failing; 0: never
 * @param stuckAfter          a job queued longer than this makes the queue stuck; 0: never
 */
public record JobsStatus(int consecutiveFailures, Duration oldestQueued, int failingAfter, Duration stuckAfter) {

    public static JobsStatus of(Collection<Job> jobs, Instant now, int failingAfter, Duration stuckAfter) {
        List<Attempt> ended = jobs.stream().flatMap(j -> j.attempts.stream())
                .filter(a -> a.endedAt != null && ("done".equals(a.outcome) || "failed".equals(a.outcome)))
                .sorted(Comparator.comparing((Attempt a) -> a.endedAt).reversed()).toList();
        int failures = 0;
        while (failures < ended.size() && "failed".equals(ended.get(failures).outcome)) {
            failures++;
        }
        Duration oldest = jobs.stream()
                .filter(j -> (j.state == JobState.WAITING || j.state == JobState.PROCESSING) && j.queuedAt != null)
                .map(j -> Duration.between(j.queuedAt, now)).max(Comparator.naturalOrder())
                .filter(d -> !d.isNegative()).orElse(Duration.ZERO);
        return new JobsStatus(failures, oldest, failingAfter, stuckAfter);
    }

    public boolean failing() {
        return failingAfter > 0 && consecutiveFailures >= failingAfter;
    }

    public boolean stuck() {
        return !stuckAfter.isZero() && oldestQueued.compareTo(stuckAfter) > 0;
    }

    public boolean healthy() {
        return !failing() && !stuck();
    }
}
