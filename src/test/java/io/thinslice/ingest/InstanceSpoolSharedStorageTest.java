package io.thinslice.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.dicom.SourceSeriesSpec;
import io.thinslice.dicom.SourceSeriesWriter;
import io.thinslice.series.ReceivedInstance;
import io.thinslice.volume.Geometry;
import io.thinslice.volume.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes share the storage: another node may delete a series folder (retention, an operator's delete) that this node's
 * spool has already made once; the next instance of that series is still kept, in a folder made again.
 */
class InstanceSpoolSharedStorageTest {

    @TempDir
    Path tmp;

    @Test
    void aSeriesFolderDeletedByAnotherNodeIsMadeAgainForTheNextInstance() throws Exception {
        Volume volume = new Volume(new float[2 * 4 * 4], 2, 4, 4, Geometry.axial(new double[] {0, 0, 0}, 1, 5));
        List<Path> files = SourceSeriesWriter.write(volume, SourceSeriesSpec.named("shared", "Shared^Storage", "Spool", 3, 0), tmp.resolve("sent"));
        Path incoming = Files.createDirectories(tmp.resolve("storage/incoming/node-a"));
        try (InstanceSpool spool = new InstanceSpool(tmp.resolve("storage"), Clock.systemUTC())) {
            ReceivedInstance first = spool.store(copy(files.get(0), incoming), "test", r -> { });
            Path folder = first.header().path().getParent();
            io.thinslice.series.SeriesFolders.delete(folder); // the other node

            ReceivedInstance second = spool.store(copy(files.get(1), incoming), "test", r -> { });
            assertFalse(second.duplicate());
            assertTrue(Files.isRegularFile(second.header().path()), "kept: " + second.header().path());
        }
    }

    private static Path copy(Path file, Path incoming) throws Exception {
        return Files.copy(file, incoming.resolve(file.getFileName()));
    }
}
