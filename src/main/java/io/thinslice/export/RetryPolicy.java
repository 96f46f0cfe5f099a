package io.thinslice.export;

import java.time.Duration;

/**
 * Exponential backoff: the wait after failed attempt n (1-based) is initial × 2^(n-1), at most {@code max}.
 *
 * @param maxAttempts attempts per destination before giving up
 */
public record RetryPolicy(int maxAttempts, Duration initial, Duration max) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("thinslice.export.max-attempts must be at least 1");
        }
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("thinslice.export.initial-backoff and thinslice.export.max-backoff must satisfy"
                    + " 0 <= initial-backoff <= max-backoff, were " + initial + " and " + max);
        }
    }

    public Duration delayAfter(int failedAttempt) {
        Duration d = initial;
        for (int i = 1; i < failedAttempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
