package io.thinslice.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

/** The one spool of the node, under {@code thinslice.storage.dir}. */
@ApplicationScoped
public class SpoolProducer {

    @Produces
    @Singleton
    InstanceSpool spool(StorageConfig storage, LimitsConfig limits) {
        try {
            return new InstanceSpool(Path.of(storage.dir()).toAbsolutePath(), Clock.systemUTC(), limits.maxImageSize());
        } catch (IOException e) {
            throw new UncheckedIOException("thinslice.storage.dir: cannot create the spool under " + storage.dir(), e);
        }
    }

    void close(@Disposes InstanceSpool spool) {
        spool.close();
    }

    /** The watermark probe on the storage file system, shared by C-STORE, STOW-RS and synthesis. */
    @Produces
    @Singleton
    FreeSpace freeSpace(StorageConfig storage) {
        Path dir = Path.of(storage.dir()).toAbsolutePath();
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("thinslice.storage.dir: cannot create " + dir, e);
        }
        return new FreeSpace(dir, storage.minFree().asLongValue());
    }
}
