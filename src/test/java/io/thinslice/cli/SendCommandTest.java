package io.thinslice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.dicom.ReceivedFile;
import io.thinslice.dicom.SourceSeriesSpec;
import io.thinslice.dicom.SourceSeriesWriter;
import io.thinslice.dicom.StoreListener;
import io.thinslice.dicom.StoreListenerSettings;
import io.thinslice.volume.Geometry;
import io.thinslice.volume.Volume;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hidden bench command: sends through the node's export path, times each send, and stays out of the usage list. */
class SendCommandTest {

    @TempDir
    Path tmp;

    @Test
    void sendsTheFolderOncePerRunAndPrintsEachRun() throws Exception {
        Volume volume = new Volume(new float[3 * 4 * 4], 3, 4, 4, Geometry.axial(new double[] {0, 0, 0}, 1, 5));
        SourceSeriesWriter.write(volume, SourceSeriesSpec.named("send-command", "Send^Command", "Export", 7, 0), tmp.resolve("series"));
        List<ReceivedFile> received = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InputStream stdin = System.in;
        try (StoreListener scp = StoreListener.start(new StoreListenerSettings("SCP", "127.0.0.1", 0, 2, Duration.ofSeconds(10), Set.of(),
                tmp.resolve("incoming")), received::add)) {
            // --paced 1: each timed send waits for a line; the warm-up send does not.
            System.setIn(new ByteArrayInputStream("go\ngo\n".getBytes(StandardCharsets.UTF_8)));
            int code = new SendCommand().run(Options.parse(new String[] {"--to", "SCP@127.0.0.1:" + scp.localPort(), "--in",
                    tmp.resolve("series").toString(), "--aet", "BENCH", "--warmup", "1", "--times", "2", "--paced", "1"}),
                    new PrintStream(bytes, true, StandardCharsets.UTF_8));
            assertEquals(0, code);
        } finally {
            System.setIn(stdin);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("warm-up 1: 3 instances in "), lines.get(0));
        assertTrue(lines.get(1).startsWith("send 1: 3 instances in "), lines.get(1));
        assertTrue(lines.get(2).startsWith("send 2: 3 instances in "), lines.get(2));
        assertEquals(9, received.size(), "three instances, three sends");
        assertTrue(received.stream().allMatch(r -> r.callingAeTitle().equals("BENCH")));
    }

    @Test
    void isACommandButNotListed() {
        assertTrue(Commands.isCommand("send"));
        ByteArrayOutputStream usage = new ByteArrayOutputStream();
        Commands.usage(new PrintStream(usage, true, StandardCharsets.UTF_8));
        assertFalse(usage.toString(StandardCharsets.UTF_8).contains("send"), usage.toString(StandardCharsets.UTF_8));
    }
}
