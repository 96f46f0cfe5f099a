package io.thinslice.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While the node cannot record (its job store is down), a new association is rejected transient, service-user,
 * no-reason-given (PS3.8 A-ASSOCIATE-RJ 2 / 1 / 1), as dcmtk's echoscu reports it; the refusal reaches the observer (the
 * audit trail) with its reason and the calling AE title; once the node can record again, associations are accepted.
 */
class StoreListenerAvailabilityTest {

    @TempDir
    Path tmp;

    @Test
    void anAssociationIsRejectedTransientWhileTheNodeCannotRecordAndAcceptedAfter() throws Exception {
        List<String> refusals = new CopyOnWriteArrayList<>();
        AssociationObserver observer = new AssociationObserver() {
            @Override
            public void refused(String callingAeTitle, String remoteHost, String reason) {
                refusals.add(callingAeTitle + "|" + reason);
            }
        };
        String[] down = {"the job store cannot record"};
        try (StoreListener scp = StoreListener.start(new StoreListenerSettings("SCP", "127.0.0.1", 0, 2, Duration.ofSeconds(10), Set.of(),
                tmp.resolve("incoming")), f -> { }, observer, () -> down[0])) {
            String[] refused = echoscu(scp.localPort());
            assertNotEquals("0", refused[0], "echoscu must fail while the node cannot record:\n" + refused[1]);
            assertTrue(refused[1].contains("Association Rejected") && refused[1].contains("Rejected Transient")
                    && refused[1].contains("Service User") && refused[1].contains("No Reason"), refused[1]);
            assertEquals(List.of("ECHOER|the job store cannot record"), refusals);

            down[0] = null;
            String[] accepted = echoscu(scp.localPort());
            assertEquals("0", accepted[0], accepted[1]);
            assertEquals(1, refusals.size());
        }
    }

    /** Exit code and output of a dcmtk echoscu. */
    private static String[] echoscu(int port) throws Exception {
        Process p = new ProcessBuilder("echoscu", "-aet", "ECHOER", "-aec", "SCP", "127.0.0.1", Integer.toString(port))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("echoscu did not finish");
        }
        return new String[] {Integer.toString(p.exitValue()), out};
    }
}
