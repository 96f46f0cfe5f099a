package io.thinslice.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SetOfDicomFiles;
import com.pixelmed.dicom.TagFromName;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * C-STORE SCU: sends Part 10 files to one destination in one association, waiting at most the timeout for the
 * association to be accepted and for each C-STORE response.
 */
public final class StoreSender {

    /**
     * What one send achieved.
     *
     * @param sent      SOP Instance UIDs the destination acknowledged (success or warning)
     * @param failed    number of instances that were not stored
     * @param problem   what went wrong, or null when all were stored
     * @param permanent true when sending again cannot help: the destination refused the SOP Class (no presentation
     *                  context, or a status such as 0122H) or answered a status {@link DimseStatus#permanent} calls final
     */
    public record Result(Set<String> sent, int failed, String problem, boolean permanent) {
        public Result(Set<String> sent, int failed, String problem) {
            this(sent, failed, problem, false);
        }

        public boolean complete() {
            return problem == null;
        }
    }

    /** Runs PixelMed's blocking association, so that the sender can stop waiting for one that never gets accepted. */
    private static final ExecutorService ASSOCIATIONS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "thinslice-association");
        t.setDaemon(true);
        return t;
    });

    private final String callingAeTitle;
    private final Duration timeout;
    /** Null: plain TCP. */
    private final TlsContext tls;
    private final boolean verifyHostname;

    /** With the default timeout of {@code thinslice.export.timeout} (60 s). */
    public StoreSender(String callingAeTitle) {
        this(callingAeTitle, Duration.ofSeconds(60));
    }

    /**
     * @param timeout how long to wait for the A-ASSOCIATE answer and for each C-STORE response (and PixelMed's
     *                read of anything else the destination sends); at least 1 ms
     */
    public StoreSender(String callingAeTitle, Duration timeout) {
        if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("thinslice.export.timeout must be between 1ms and 24d, was " + timeout);
        }
        this.callingAeTitle = callingAeTitle;
        this.timeout = timeout;
        this.tls = null;
        this.verifyHostname = false;
    }

    private StoreSender(StoreSender plain, TlsContext tls, boolean verifyHostname) {
        this.callingAeTitle = plain.callingAeTitle;
        this.timeout = plain.timeout;
        this.tls = tls;
        this.verifyHostname = verifyHostname;
    }

    /**
     * This sender over TLS: each send first connects and completes the TLS handshake (within the timeout), then runs
     * PixelMed's association through a {@link TlsRelay}.
     *
     * @param verifyHostname check the destination's certificate against its host name or address
     */
    public StoreSender overTls(TlsContext context, boolean verifyHostname) {
        return new StoreSender(this, context, verifyHostname);
    }

    public boolean usesTls() {
        return tls != null;
    }

    /** Sends {@code files} (none of which may be in memory beyond the one being sent); never throws for a network failure. */
    public Result send(StoreDestination destination, List<Path> files) {
        StoreListener.PixelMedTuning.apply();
        if (tls == null) {
            return send(destination, destination, files);
        }
        int millis = (int) timeout.toMillis();
        TlsRelay relay;
        try {
            relay = TlsRelay.open(tls.connect(destination.host(), destination.port(), millis, verifyHostname), millis, ASSOCIATIONS);
        } catch (IOException | RuntimeException e) {
            // Not permanent: a certificate may be renewed, a peer restarted; the attempt is retried like a refused connection.
            return new Result(Set.of(), files.size(), "TLS connection to " + destination + " failed: " + e.getMessage() + "; 0 of "
                    + files.size() + " stored");
        }
        try {
            return send(destination, new StoreDestination(destination.aeTitle(), relay.host(), relay.port()), files);
        } finally {
            relay.close();
        }
    }

    /** Sends to {@code destination}, connecting to {@code connectTo} (the destination itself, or a TLS relay to it). */
    private Result send(StoreDestination destination, StoreDestination connectTo, List<Path> files) {
        StoreSession session = new StoreSession((int) timeout.toMillis());
        Future<?> association;
        try {
            SetOfDicomFiles set = setOf(files);
            association = ASSOCIATIONS.submit(() -> {
                try {
                    new NoDelayStorageSCU(connectTo, callingAeTitle, set, session);
                } finally {
                    session.over();
                }
            });
        } catch (RuntimeException e) {
            return new Result(Set.of(), files.size(), "sending to " + destination + " failed: " + e.getMessage());
        }
        try {
            if (!session.awaitUpOrOver()) {
                association.cancel(false);
                return new Result(Set.of(), files.size(), destination + " did not answer the association request within "
                        + seconds(timeout) + " (thinslice.export.timeout); 0 of " + files.size() + " stored");
            }
            association.get(); // PixelMed traps network errors; what happened is in the session
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Set.copyOf(session.stored()), files.size() - session.stored().size(), "sending to " + destination + " interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Result(Set.copyOf(session.stored()), files.size() - session.stored().size(),
                    "sending to " + destination + " failed: " + cause.getMessage());
        }
        return result(destination, files.size(), session);
    }

    private Result result(StoreDestination destination, int total, StoreSession session) {
        Set<String> sent = Set.copyOf(session.stored());
        int missing = total - sent.size();
        String stored = sent.size() + " of " + total + " stored";
        if (session.sopClassWithoutContext() != null) {
            return new Result(sent, missing, destination + " accepted no presentation context for SOP Class "
                    + session.sopClassWithoutContext() + " (the destination does not take it); " + stored, true);
        }
        Map<String, Integer> failures = session.failures();
        if (!failures.isEmpty()) {
            Map<Integer, Integer> byStatus = new LinkedHashMap<>();
            failures.values().forEach(s -> byStatus.merge(s, 1, Integer::sum));
            boolean permanent = byStatus.keySet().stream().anyMatch(DimseStatus::permanent);
            StringBuilder text = new StringBuilder(destination + " answered C-STORE with ");
            byStatus.forEach((status, n) -> text.append(DimseStatus.describe(status)).append(" for ").append(n)
                    .append(n == 1 ? " instance, " : " instances, "));
            text.append(stored);
            if (session.timedOut()) {
                text.append("; then no answer within ").append(seconds(timeout)).append(" (thinslice.export.timeout)");
            }
            return new Result(sent, missing, text.toString(), permanent);
        }
        if (session.timedOut()) {
            return new Result(sent, missing, destination + " accepted the association but did not answer a C-STORE request within "
                    + seconds(timeout) + " (thinslice.export.timeout); " + stored);
        }
        if (!session.wasEstablished()) {
            return new Result(sent, missing, "association with " + destination + " failed (refused, rejected or no connection); " + stored);
        }
        if (missing > 0) {
            return new Result(sent, missing, "association with " + destination + " failed (aborted or connection lost); " + stored);
        }
        return new Result(sent, 0, null); // every instance answered; a failed release alone does not matter
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /**
     * The set PixelMed sends from, built from each file's meta information (PS3.10: SOP Class, SOP Instance and
     * transfer syntax UIDs, a few hundred bytes). PixelMed's own {@code new SetOfDicomFiles(names)} looks for the SOP
     * Class UID under a DICOMDIR tag, misses it in an ordinary file and parses the whole header up to Pixel Data
     * instead, on every attempt: 30-130 ms for a 93-instance derived series here, where the whole send takes ~0.2 s.
     * A file whose meta information cannot be read or lacks a UID is left to PixelMed's way, as before.
     */
    static SetOfDicomFiles setOf(List<Path> files) {
        SetOfDicomFiles set = new SetOfDicomFiles();
        for (Path f : files) {
            AttributeList meta = new AttributeList();
            try (DicomInputStream in = new DicomInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
                meta.readOnlyMetaInformationHeader(in);
            } catch (IOException | DicomException | RuntimeException e) {
                set.add(f.toString());
                continue;
            }
            String sopClass = Attribute.getSingleStringValueOrNull(meta, TagFromName.MediaStorageSOPClassUID);
            String sopInstance = Attribute.getSingleStringValueOrNull(meta, TagFromName.MediaStorageSOPInstanceUID);
            String transferSyntax = Attribute.getSingleStringValueOrNull(meta, TagFromName.TransferSyntaxUID);
            if (sopClass == null || sopInstance == null || transferSyntax == null) {
                set.add(f.toString());
            } else {
                set.add(f.toString(), sopClass, sopInstance, transferSyntax);
            }
        }
        return set;
    }
}
