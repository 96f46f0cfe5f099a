package io.thinslice.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.AReleaseException;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.CStoreResponseCommandMessage;
import com.pixelmed.network.CompositeResponseHandler;
import io.thinslice.volume.Geometry;
import io.thinslice.volume.Volume;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C-STORE status the destination answers reaches the sender's result, with whether another attempt can help.
 * No peer at hand answers 0122H or B000H on purpose (dcmtk's storescp answers Success, Orthanc 1.10 A700H at most), so
 * the peer here is scripted: PixelMed's own association acceptor negotiates, and every C-STORE-RQ gets {@code status}.
 */
class StoreSenderStatusTest {

    @TempDir
    Path tmp;

    /** Collects one C-STORE-RQ: its command, then its data set (PixelMed's handler for responses, allowed data). */
    private static final class RequestHandler extends CompositeResponseHandler {
        volatile AttributeList command;

        RequestHandler() {
            allowData = true;
        }

        @Override
        protected void evaluateStatusAndSetSuccess(AttributeList list) {
            command = list;
        }
    }

    /** Accepts one association and answers each C-STORE-RQ with {@code status} until the SCU releases. */
    private static Thread scriptedScp(ServerSocket server, int status) {
        Thread t = new Thread(() -> {
            try (Socket socket = server.accept()) {
                Association association = AssociationFactory.createNewAssociation(socket, "SCRIPTED");
                while (true) {
                    RequestHandler request = new RequestHandler();
                    association.setReceivedDataHandler(request);
                    association.waitForDataPDataPDUs();
                    String sopClass = Attribute.getSingleStringValueOrNull(request.command, TagFromName.AffectedSOPClassUID);
                    String sopInstance = Attribute.getSingleStringValueOrNull(request.command, TagFromName.AffectedSOPInstanceUID);
                    int messageId = Attribute.getSingleIntegerValueOrDefault(request.command, TagFromName.MessageID, 1);
                    association.send(association.getSuitablePresentationContextID(sopClass),
                            new CStoreResponseCommandMessage(sopClass, sopInstance, messageId, status).getBytes(), null);
                }
            } catch (AReleaseException e) {
                // the SCU released: done
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "scripted-scp");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private StoreSender.Result sendThreeTo(int status) throws Exception {
        Volume volume = new Volume(new float[3 * 4 * 4], 3, 4, 4, Geometry.axial(new double[] {0, 0, 0}, 1, 5));
        List<Path> files = SourceSeriesWriter.write(volume, SourceSeriesSpec.named("status-" + status, "Status^Peer", "Export", 7, 0),
                tmp.resolve("s" + status));
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            scriptedScp(server, status);
            return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> new StoreSender("THINSLICE", Duration.ofSeconds(10))
                    .send(new StoreDestination("SCRIPTED", "127.0.0.1", server.getLocalPort()), files));
        }
    }

    @Test
    void sopClassNotSupportedIsPermanentAndNamedInHex() throws Exception {
        StoreSender.Result r = sendThreeTo(0x0122);
        assertEquals(0, r.sent().size());
        assertEquals(3, r.failed());
        assertTrue(r.permanent(), r.problem());
        assertTrue(r.problem().contains("answered C-STORE with 0x0122 (Refused: SOP Class not supported) for 3 instances, 0 of 3 stored"),
                r.problem());
    }

    @Test
    void outOfResourcesIsRetried() throws Exception {
        StoreSender.Result r = sendThreeTo(0xA702);
        assertEquals(0, r.sent().size());
        assertFalse(r.permanent(), r.problem());
        assertTrue(r.problem().contains("0xA702 (Refused: Out of Resources) for 3 instances"), r.problem());
    }

    @Test
    void warningStoresTheInstance() throws Exception {
        StoreSender.Result r = sendThreeTo(0xB000);
        assertNull(r.problem(), r.problem());
        assertEquals(3, r.sent().size());
    }
}
