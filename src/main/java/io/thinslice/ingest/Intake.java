package io.thinslice.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.thinslice.dicom.OutOfResourcesException;
import io.thinslice.series.JobEngine;
import io.thinslice.series.JobStoreUnavailable;
import io.thinslice.series.ReceivedInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way in: a received file (C-STORE or STOW-RS) is spooled durably, counted and handed to the job engine.
 * The file must lie on the storage file system (under {@link #incomingDir()}) so that it can be moved atomically.
 */
@ApplicationScoped
public class Intake {

    @Inject
    StorageConfig storage;
    @Inject
    InstanceSpool spool;
    @Inject
    JobEngine engine;
    @Inject
    MeterRegistry meters;
    @Inject
    FreeSpace freeSpace;
    @Inject
    RecordingGate recording;
    @Inject
    NodeRoles roles;

    /**
     * Spools {@code file} (moved away) and tells the engine; throws if it cannot be kept (the sender sees a failure):
     * {@link OutOfResourcesException} while the storage is below {@code thinslice.storage.min-free}, then the file is
     * deleted and nothing of it kept, and while the job store cannot record it ({@link RecordingGate}).
     */
    public ReceivedInstance accept(Path file, String origin) throws IOException {
        if (freeSpace.low()) {
            Files.deleteIfExists(file);
            counter("out-of-space").increment();
            throw new OutOfResourcesException(freeSpace.describe());
        }
        if (!recording.open()) {
            Files.deleteIfExists(file);
            counter("not-recordable").increment();
            throw new OutOfResourcesException(RecordingGate.REASON);
        }
        ReceivedInstance instance;
        try {
            instance = spool.store(file, origin, engine::onInstance);
        } catch (IOException | RuntimeException e) {
            if (e instanceof JobStoreUnavailable || !recording.open()) {
                // The database went away between the check and the record (or the engine refused the record: the series
                // was deleted meanwhile): the file may lie in the spool already, unrecorded. Not acknowledged: the sender
                // sends it again, and then it is recorded (the spool sees a copy it has, the job store a new instance).
                Files.deleteIfExists(file);
                counter("not-recordable").increment();
                throw new OutOfResourcesException(recording.open() ? e.getMessage() : RecordingGate.REASON + ": " + e.getMessage());
            }
            counter("rejected").increment();
            throw e;
        }
        counter(instance.duplicate() ? "duplicate" : "stored").increment();
        return instance;
    }

    /**
     * Where a way in writes a file before {@link #accept}: the same file system as the spool, and with the shared job
     * store this node's own folder ({@code incoming/<node name>}): nodes sharing the storage never clear each other's
     * transfers in flight.
     */
    public Path incomingDir() throws IOException {
        return Files.createDirectories(roles.incomingDir(incomingRoot(storage)));
    }

    /** {@code <storage>/incoming}: the node's scratch folder, or with the shared job store one folder per node. */
    static Path incomingRoot(StorageConfig storage) {
        return Path.of(storage.dir()).toAbsolutePath().resolve("incoming");
    }

    private Counter counter(String outcome) {
        return Counter.builder("thinslice.ingest.instances").description("Instances received (C-STORE or STOW-RS)").tag("outcome", outcome)
                .register(meters);
    }
}
