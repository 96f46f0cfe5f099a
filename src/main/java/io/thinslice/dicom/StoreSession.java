package io.thinslice.dicom;

import com.pixelmed.network.Association;
import com.pixelmed.network.MultipleInstanceTransferStatusHandlerWithFileName;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What one C-STORE association of {@link StoreSender} achieved, filled in by {@link NoDelayStorageSCU} on the
 * association's thread while the sender waits: instances acknowledged, failure statuses, a timeout, a SOP Class without
 * a presentation context. PixelMed runs the whole association in its SCU's constructor, so this travels as the
 * constructor's status handler.
 */
final class StoreSession extends MultipleInstanceTransferStatusHandlerWithFileName {

    /** The C-STORE-RSP carried no Status. */
    static final int NO_STATUS = 0xFFFF;
    /** The session of the association this thread is sending on (set around PixelMed's send loop). */
    static final ThreadLocal<StoreSession> CURRENT = new ThreadLocal<>();

    private final int timeoutMillis;
    private final Set<String> stored = ConcurrentHashMap.newKeySet();
    /** SOP Instance UID → failure status, in the order answered. */
    private final Map<String, Integer> failures = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile String timedOutOn;
    private volatile String sopClassWithoutContext;
    /** Counted down when the association is up or the attempt is over, whichever comes first. */
    private final CountDownLatch upOrOver = new CountDownLatch(1);
    private boolean established;
    private boolean abandoned;

    StoreSession(int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    int timeoutMillis() {
        return timeoutMillis;
    }

    /** Success and Warning statuses (PS3.4 B.2.3: 0000, B000, B006, B007) mean the SCP keeps the instance. */
    static boolean acknowledges(int status) {
        return status == 0 || (status & 0xF000) == 0xB000;
    }

    /** The association was accepted; false when the sender has stopped waiting for it (it is to be aborted). */
    synchronized boolean established(Association association) {
        if (abandoned) {
            return false;
        }
        established = true;
        upOrOver.countDown();
        return true;
    }

    /** The attempt ended (sent, refused, failed), whether or not an association was ever up. */
    void over() {
        upOrOver.countDown();
    }

    /**
     * Waits up to the timeout for the association to be accepted (or the attempt to end); false when neither happened:
     * the session is then abandoned, and an association accepted later is aborted at once.
     */
    boolean awaitUpOrOver() throws InterruptedException {
        if (upOrOver.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return true;
        }
        synchronized (this) {
            if (established) {
                return true;
            }
            abandoned = true;
            return false;
        }
    }

    synchronized boolean wasEstablished() {
        return established;
    }

    void answered(String sopInstanceUid, int status) {
        if (!acknowledges(status)) {
            failures.put(sopInstanceUid, status);
        }
    }

    void timeout(String sopInstanceUid) {
        timedOutOn = sopInstanceUid;
    }

    boolean timedOut() {
        return timedOutOn != null;
    }

    void noPresentationContext(String sopClassUid) {
        sopClassWithoutContext = sopClassUid;
    }

    String sopClassWithoutContext() {
        return sopClassWithoutContext;
    }

    Set<String> stored() {
        return stored;
    }

    Map<String, Integer> failures() {
        synchronized (failures) {
            return new LinkedHashMap<>(failures);
        }
    }

    @Override
    public void updateStatus(int remaining, int completed, int failed, int warning, String sopInstanceUid, String fileName,
                             boolean success) {
        if (success && sopInstanceUid != null) {
            stored.add(sopInstanceUid);
        }
    }
}
