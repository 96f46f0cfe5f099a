package io.thinslice.audit;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Delivers audit messages on its own thread through a bounded queue, so that a slow or broken destination (closed port,
 * unreachable host, failing TLS, full disk) never holds up or fails the work being audited. A message that finds the
 * queue full, or that a destination cannot take, is dropped and counted; the ordinary log says so, naming the event and
 * the destination, never the message's content.
 */
public final class AsyncAuditTrail implements AuditTrail, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AsyncAuditTrail.class.getName());
    /** At most one warning per destination and cause in this time, so that a dead collector does not flood the log. */
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long DRAIN_MILLIS_AT_CLOSE = 2000;

    private final List<AuditDestination> destinations;
    private final String sourceId;
    private final BlockingQueue<AuditMessage> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final Thread sender;
    private volatile boolean closed;
    private volatile long lastQueueWarning = System.nanoTime() - WARN_EVERY_NANOS;
    private final long[] lastSendWarning;

    AsyncAuditTrail(List<AuditDestination> destinations, String sourceId, int queueSize) {
        if (queueSize < 1) {
            throw new IllegalArgumentException("thinslice.audit.queue-size must be at least 1, was " + queueSize);
        }
        this.destinations = List.copyOf(destinations);
        this.sourceId = sourceId;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.lastSendWarning = new long[destinations.size()];
        java.util.Arrays.fill(lastSendWarning, System.nanoTime() - WARN_EVERY_NANOS);
        this.sender = new Thread(this::run, "thinslice-audit");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public void record(AuditMessage message) {
        if (closed || !queue.offer(message)) {
            long n = dropped.incrementAndGet();
            long now = System.nanoTime();
            if (now - lastQueueWarning >= WARN_EVERY_NANOS) {
                lastQueueWarning = now;
                LOG.warning("audit queue full (thinslice.audit.queue-size " + (queue.size() + queue.remainingCapacity())
                        + "): dropped a " + message.eventName() + " message; " + n + " audit message(s) dropped so far");
            }
        }
    }

    /** Messages (times destinations) that could not be delivered. */
    public long dropped() {
        return dropped.get();
    }

    /** Messages (times destinations) delivered. */
    public long delivered() {
        return delivered.get();
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            AuditMessage m;
            try {
                m = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (m != null) {
                deliver(m);
            }
        }
    }

    private void deliver(AuditMessage m) {
        byte[] xml;
        try {
            xml = m.toXmlBytes(sourceId);
        } catch (RuntimeException e) {
            dropped.addAndGet(destinations.size());
            LOG.warning("could not build a " + m.eventName() + " audit message: " + e.getClass().getSimpleName());
            return;
        }
        for (int i = 0; i < destinations.size(); i++) {
            AuditDestination d = destinations.get(i);
            try {
                d.send(m, xml);
                delivered.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                long n = dropped.incrementAndGet();
                long now = System.nanoTime();
                if (now - lastSendWarning[i] >= WARN_EVERY_NANOS) {
                    lastSendWarning[i] = now;
                    LOG.warning("audit destination " + d.describe() + " failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "): dropped a " + m.eventName() + " message; " + n + " audit message(s) dropped so far");
                }
            }
        }
    }

    /** Stops taking messages, delivers what is queued (for a short while) and closes the destinations. */
    @Override
    public void close() {
        closed = true;
        try {
            sender.join(DRAIN_MILLIS_AT_CLOSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.interrupt();
        for (AuditDestination d : destinations) {
            try {
                d.close();
            } catch (IOException ignored) {
                // stopping
            }
        }
    }
}
