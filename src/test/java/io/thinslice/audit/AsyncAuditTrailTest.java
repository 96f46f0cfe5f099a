package io.thinslice.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** A broken or slow destination never blocks the caller; what cannot be delivered is counted. */
class AsyncAuditTrailTest {

    private static final AuditEvents EVENTS = new AuditEvents("THINSLICE", null);
    private static final SyslogFrame FRAME = new SyslogFrame("host", "thinslice", 1);

    @Test
    void unresolvableHostAndClosedTlsPortDropAndCount() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (AsyncAuditTrail trail = new AsyncAuditTrail(List.of(
                new UdpSyslogDestination("no-such-host.invalid", 514, FRAME),
                new TlsSyslogDestination("127.0.0.1", closed, FRAME, SSLContext.getDefault())), "S", 10)) {
            for (int i = 0; i < 3; i++) {
                trail.record(EVENTS.associationAccepted(new AuditEvents.Peer("A", "127.0.0.1")));
            }
            awaitDropped(trail, 6);
            assertEquals(0, trail.delivered());
        }
    }

    @Test
    void aStuckDestinationFillsTheQueueWithoutBlockingTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        AuditDestination stuck = new AuditDestination() {
            @Override
            public void send(AuditMessage message, byte[] xml) throws IOException {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }

            @Override
            public String describe() {
                return "stuck";
            }
        };
        try (AsyncAuditTrail trail = new AsyncAuditTrail(List.of(stuck), "S", 2)) {
            trail.record(EVENTS.associationAccepted(new AuditEvents.Peer("A", null)));
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            long t0 = System.nanoTime();
            for (int i = 0; i < 49; i++) {
                trail.record(EVENTS.associationAccepted(new AuditEvents.Peer("A", null)));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            // One in delivery, two queued: the other 47 dropped at once.
            assertEquals(47, trail.dropped(), "took " + millis + " ms");
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (trail.delivered() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(3, trail.delivered());
        }
    }

    @Test
    void octetCountingFramesTheMessageByItsLengthInBytes() {
        byte[] m = FRAME.message(java.time.Instant.parse("2026-01-02T03:04:05Z"), "<x>é</x>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String framed = new String(SyslogFrame.octetCounted(m), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(framed.startsWith(m.length + " <85>1 2026-01-02T03:04:05Z host thinslice 1 IHE+RFC-3881 - \uFEFF<x>é</x>"), framed);
    }

    private static void awaitDropped(AsyncAuditTrail trail, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (trail.dropped() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(n, trail.dropped());
    }
}
