package io.thinslice.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.PresentationContext;
import io.thinslice.volume.Geometry;
import io.thinslice.volume.Volume;
import java.io.BufferedOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export's C-STORE SCU: Nagle off and whole-PDU writes on its association, and still a working store. */
class NoDelayStorageSCUTest {

    @TempDir
    Path tmp;

    private final List<ReceivedFile> received = new CopyOnWriteArrayList<>();
    private StoreListener scp;

    @BeforeEach
    void startScp() throws Exception {
        scp = StoreListener.start(new StoreListenerSettings("SCP", "127.0.0.1", 0, 2, Duration.ofSeconds(10), Set.of(),
                tmp.resolve("incoming")), received::add);
    }

    @AfterEach
    void stopScp() {
        scp.close();
    }

    @Test
    void tuneTurnsNagleOffAndBuffersTheAssociationsOutputWithoutHoldingAnythingBack() throws Exception {
        LinkedList<PresentationContext> contexts = new LinkedList<>();
        contexts.add(new PresentationContext((byte) 1, SOPClass.Verification, TransferSyntax.ImplicitVRLittleEndian));
        Association association = AssociationFactory.createNewAssociation("127.0.0.1", scp.localPort(), "SCP", "SCU", contexts, null, false);

        NoDelayStorageSCU.tune(association);

        assertTrue(NoDelayStorageSCU.socketOf(association).getTcpNoDelay(), "TCP_NODELAY on the association's socket");
        assertEquals(scp.localPort(), NoDelayStorageSCU.socketOf(association).getPort(), "the socket is the association's connection");
        assertInstanceOf(BufferedOutputStream.class, NoDelayStorageSCU.outputOf(association));
        // A-RELEASE-RQ goes through the buffer; were it not flushed, the release would wait for an answer that never comes.
        assertTimeoutPreemptively(Duration.ofSeconds(10), association::release);
    }

    @Test
    void storeSenderStoresEveryInstanceInOneAssociation() throws Exception {
        Volume volume = new Volume(new float[3 * 4 * 4], 3, 4, 4, Geometry.axial(new double[] {0, 0, 0}, 1, 5));
        List<Path> files = SourceSeriesWriter.write(volume, SourceSeriesSpec.named("no-delay", "No^Delay", "Export", 7, 0),
                tmp.resolve("series"));

        StoreSender.Result result = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> new StoreSender("THINSLICE").send(new StoreDestination("SCP", "127.0.0.1", scp.localPort()), files));

        assertNull(result.problem(), result.problem());
        assertEquals(3, result.sent().size());
        assertEquals(0, result.failed());
        assertEquals(3, received.size());
        assertTrue(received.stream().allMatch(r -> r.callingAeTitle().equals("THINSLICE")), received.toString());
    }

    @Test
    void aDestinationThatTakesTheConnectionButNeverAnswersTheAssociationRequestTimesOut() throws Exception {
        Volume volume = new Volume(new float[2 * 4 * 4], 2, 4, 4, Geometry.axial(new double[] {0, 0, 0}, 1, 5));
        List<Path> files = SourceSeriesWriter.write(volume, SourceSeriesSpec.named("mute", "Mute^Peer", "Export", 7, 0),
                tmp.resolve("mute"));
        // A scripted peer: accepts the TCP connection, reads whatever comes and never answers.
        try (java.net.ServerSocket mute = new java.net.ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.1"))) {
            Thread reader = new Thread(() -> {
                try (java.net.Socket s = mute.accept()) {
                    s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (java.io.IOException e) {
                    // closed by the test
                }
            });
            reader.setDaemon(true);
            reader.start();
            StoreSender.Result result = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> new StoreSender("THINSLICE", Duration.ofMillis(1500)).send(new StoreDestination("MUTE", "127.0.0.1", mute.getLocalPort()), files));
            assertEquals(0, result.sent().size());
            assertEquals(2, result.failed());
            assertTrue(result.problem().contains("did not answer the association request within 1500 ms (thinslice.export.timeout)"),
                    result.problem());
        }
    }
}
