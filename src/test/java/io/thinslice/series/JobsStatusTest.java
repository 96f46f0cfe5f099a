package io.thinslice.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jobs health, from job records: consecutive failed runs and the age of the oldest queued job. */
class JobsStatusTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    @Test
    void failuresCountBackToTheLastDoneRunSkippingIgnoredAndInterrupted() {
        Job a = job(JobState.FAILED, ended(1, "done", 50), ended(2, "failed", 40));
        Job b = job(JobState.IGNORED, ended(1, "ignored", 30));
        Job c = job(JobState.FAILED, ended(1, "interrupted", 25), ended(2, "failed", 20));
        JobsStatus s = JobsStatus.of(List.of(a, b, c), NOW, 2, Duration.ofMinutes(10));
        assertEquals(2, s.consecutiveFailures());
        assertTrue(s.failing());
        assertFalse(s.healthy());

        // A retry that is done ends the streak, whatever failed before it.
        a.attempts.add(ended(3, "done", 10));
        assertEquals(0, JobsStatus.of(List.of(a, b, c), NOW, 2, Duration.ofMinutes(10)).consecutiveFailures());
        assertTrue(JobsStatus.of(List.of(a, b, c), NOW, 2, Duration.ofMinutes(10)).healthy());
    }

    @Test
    void failingAfterZeroNeverFails() {
        Job a = job(JobState.FAILED, ended(1, "failed", 5));
        JobsStatus s = JobsStatus.of(List.of(a), NOW, 0, Duration.ZERO);
        assertEquals(1, s.consecutiveFailures());
        assertTrue(s.healthy());
    }

    @Test
    void queueIsStuckWhenAWaitingOrProcessingJobIsOlderThanTheLimit() {
        Job waiting = job(JobState.WAITING);
        waiting.queuedAt = NOW.minusSeconds(90);
        Job processing = job(JobState.PROCESSING);
        processing.queuedAt = NOW.minusSeconds(200);
        Job exporting = job(JobState.EXPORTING); // export has its own retries and back-off; not the queue
        exporting.queuedAt = NOW.minusSeconds(5000);

        JobsStatus s = JobsStatus.of(List.of(waiting, processing, exporting), NOW, 3, Duration.ofSeconds(120));
        assertEquals(Duration.ofSeconds(200), s.oldestQueued());
        assertTrue(s.stuck());
        assertFalse(s.healthy());

        assertFalse(JobsStatus.of(List.of(waiting, exporting), NOW, 3, Duration.ofSeconds(120)).stuck());
        assertTrue(JobsStatus.of(List.of(processing), NOW, 3, Duration.ZERO).healthy(), "0 turns the check off");
        assertEquals(Duration.ZERO, JobsStatus.of(List.of(exporting), NOW, 3, Duration.ofSeconds(1)).oldestQueued());
    }

    private static Job job(JobState state, Attempt... attempts) {
        Job j = new Job();
        j.state = state;
        j.attempts.addAll(List.of(attempts));
        return j;
    }

    private static Attempt ended(int number, String outcome, int secondsAgo) {
        Attempt a = new Attempt(number, "series complete", NOW.minusSeconds(secondsAgo + 1L));
        a.endedAt = NOW.minusSeconds(secondsAgo);
        a.outcome = outcome;
        return a;
    }
}
