package io.thinslice.export;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoffDoublesFromTheInitialWait() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofSeconds(2), Duration.ofMinutes(5));
        assertEquals(Duration.ofSeconds(2), p.delayAfter(1));
        assertEquals(Duration.ofSeconds(4), p.delayAfter(2));
        assertEquals(Duration.ofSeconds(8), p.delayAfter(3));
        assertEquals(Duration.ofSeconds(16), p.delayAfter(4));
        assertEquals(Duration.ofSeconds(128), p.delayAfter(7));
        assertEquals(Duration.ofSeconds(256), p.delayAfter(8));
    }

    @Test
    void backoffIsCappedAtTheMaximum() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofSeconds(2), Duration.ofMinutes(5));
        assertEquals(Duration.ofMinutes(5), p.delayAfter(9)); // 512 s capped to 300 s
        assertEquals(Duration.ofMinutes(5), p.delayAfter(10));
        assertEquals(Duration.ofMinutes(5), p.delayAfter(64)); // 2^63 × 2 s would overflow without the cap
        assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertEquals(Duration.ofMinutes(5), p.delayAfter(Integer.MAX_VALUE)));

        RetryPolicy ms = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20));
        assertEquals(Duration.ofMillis(10), ms.delayAfter(1));
        assertEquals(Duration.ofMillis(20), ms.delayAfter(2));
        assertEquals(Duration.ofMillis(20), ms.delayAfter(3));

        RetryPolicy odd = new RetryPolicy(5, Duration.ofMillis(300), Duration.ofMillis(1000));
        assertEquals(Duration.ofMillis(600), odd.delayAfter(2));
        assertEquals(Duration.ofMillis(1000), odd.delayAfter(3)); // 1200 capped
    }

    @Test
    void equalInitialAndMaxAndZeroInitialAreAllowed() {
        RetryPolicy flat = new RetryPolicy(1, Duration.ofSeconds(3), Duration.ofSeconds(3));
        assertEquals(Duration.ofSeconds(3), flat.delayAfter(1));
        assertEquals(Duration.ofSeconds(3), flat.delayAfter(5));
        RetryPolicy zero = new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(1));
        assertEquals(Duration.ZERO, zero.delayAfter(1));
        assertEquals(Duration.ZERO, zero.delayAfter(3));
    }

    @Test
    void invalidSettingsAreRejected() {
        IllegalArgumentException attempts = assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertEquals("thinslice.export.max-attempts must be at least 1", attempts.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(-3, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, Duration.ofSeconds(-1), Duration.ofSeconds(2)));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofSeconds(2)));
        assertThrows(NullPointerException.class, () -> new RetryPolicy(3, null, Duration.ofSeconds(2)));
        assertDoesNotThrow(() -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO));
    }
}
