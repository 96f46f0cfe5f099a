package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while senders are storing and while a series is synthesised: the node stops within its grace period, keeps
 * every instance it acknowledged, leaves no partial file, and the next start finishes the work.
 */
class GracefulStopIT {

    private static final int GRACE_SECONDS = 4;
    /** JVM and Quarkus shutdown after the listener has stopped, on a loaded machine. */
    private static final int SHUTDOWN_MARGIN_SECONDS = 15;

    @TempDir
    Path tmp;

    @Test
    void aStopDuringTwoTransfersKeepsEveryAcknowledgedInstanceAndTheRestartedNodeDerivesTheSeriesOnce() throws Exception {
        List<Path> slices = Studies.phantom(tmp.resolve("study"), "--name", "stop", "--rows", 32, "--columns", 32,
                "--thin-slices", 240, "--factor", 1);
        String series = Studies.seriesUid(slices.get(0));
        Node node = Node.start(tmp.resolve("node"), "thinslice.dicom.stop-grace", GRACE_SECONDS + "s",
                "thinslice.series.stable-seconds", "2", "thinslice.synthesis.method", "linear", "thinslice.synthesis.factor", "2",
                // a long series (240 slices) of small files, 1.25 mm apart: below the default selection's 2 mm
                "thinslice.select.min-spacing", "1");
        Path spooled = node.storage.resolve("series").resolve(series);

        // Two scanners send halves of the series at once; one of them will hang mid-transfer (SIGSTOP).
        Sender steady = Sender.start(slices.subList(0, 120), node.dicomPort);
        Sender hanging = Sender.start(slices.subList(120, 240), node.dicomPort);
        awaitFiles(spooled, 30);
        hanging.suspend();
        Duration stop = node.terminate(GRACE_SECONDS + SHUTDOWN_MARGIN_SECONDS);
        hanging.resume();
        String steadyLog = steady.awaitExit();
        String hangingLog = hanging.awaitExit();

        assertTrue(stop.toSeconds() <= GRACE_SECONDS + SHUTDOWN_MARGIN_SECONDS, "stopped in " + stop);
        assertTrue(node.logText().contains("aborted the association"), "the steady sender was aborted after its instance in flight:\n"
                + Jobs.tail(node.logText()));
        Set<Path> acknowledged = new LinkedHashSet<>(steady.acknowledged(steadyLog));
        acknowledged.addAll(hanging.acknowledged(hangingLog));
        assertTrue(acknowledged.size() < slices.size(), "the stop came mid-transfer: " + acknowledged.size() + " acknowledged");
        System.out.println("GracefulStopIT: node exited " + stop.toMillis() + " ms after SIGTERM (grace " + GRACE_SECONDS + " s); "
                + acknowledged.size() + " of " + slices.size() + " instances acknowledged before the stop");
        for (Path slice : acknowledged) {
            Path kept = spooled.resolve(sop(slice) + ".dcm");
            assertTrue(Files.exists(kept), "acknowledged but not in the spool: " + slice.getFileName());
            assertEquals(32 * 32 * 2, Studies.read(kept).get(TagFromName.PixelData).getVL(), "complete in the spool: " + kept);
        }
        assertEquals(List.of(), filesUnder(node.storage.resolve("incoming")), "no unacknowledged file left in incoming/");
        assertEquals(List.of(), filesUnder(spooled).stream().filter(f -> !f.getFileName().toString().endsWith(".dcm")).toList(),
                "no temporary file in the spool");

        // The senders send what was not acknowledged once the node is back.
        List<Path> rest = slices.stream().filter(s -> !acknowledged.contains(s)).toList();
        // Stable time long enough that the resumed series waits for the rest instead of being processed without it.
        try (Node second = node.restart("thinslice.series.stable-seconds", "12")) {
            Tool.storescu("CTSCANNER", Node.AE, second.dicomPort, rest).requireSuccess("storescu of the rest");
            JsonNode job = Jobs.awaitFinal(second, series, 180);
            assertEquals("done", job.path("state").asText(), job.toString());
            assertEquals(240, job.path("instancesReceived").asInt(), job.toString());
            assertEquals(1, job.path("attempts").size(), "derived once: " + job);
            assertEquals(479, job.path("derivedInstances").asInt(), job.toString());
        }
    }

    @Test
    void aSeriesInSynthesisAtTheStopIsResumedAtTheNextStart() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"), "--name", "synth");
        String series = Studies.seriesUid(thick.get(0));
        Node node = Node.start(tmp.resolve("node"), "thinslice.dicom.stop-grace", GRACE_SECONDS + "s", "thinslice.series.stable-seconds", "1");
        Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
        Jobs.await(node, series, j -> "processing".equals(j.path("state").asText()), 120);
        node.terminate(GRACE_SECONDS + SHUTDOWN_MARGIN_SECONDS);

        try (Node second = node.restart()) {
            JsonNode job = Jobs.awaitFinal(second, series, 180);
            assertEquals("done", job.path("state").asText(), job.toString());
            assertEquals("interrupted", job.path("attempts").path(0).path("outcome").asText(), "the stop is not a failure: " + job);
            assertEquals(2, job.path("attempts").size(), job.toString());
        }
    }

    /** A dcmtk storescu in the background, verbose, so that each Success response names its file. */
    private record Sender(Process process, CompletableFuture<String> output) {
        static Sender start(List<Path> files, int port) throws IOException {
            List<String> cmd = Tool.cmd("storescu", "-v", "-aet", "CTSCANNER", "-aec", Node.AE, "127.0.0.1", port, files);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "(output unreadable: " + e + ")";
                }
            });
            return new Sender(p, out);
        }

        void suspend() {
            Tool.run(Tool.cmd("kill", "-STOP", process.pid()), 10).requireSuccess("kill -STOP");
        }

        void resume() {
            Tool.run(Tool.cmd("kill", "-CONT", process.pid()), 10).requireSuccess("kill -CONT");
        }

        String awaitExit() throws Exception {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("storescu did not end after the node stopped");
            }
            return output.get(10, TimeUnit.SECONDS);
        }

        /** Files that got a Success response: the file named by the last "Sending file:" before each. */
        List<Path> acknowledged(String log) {
            List<Path> ok = new ArrayList<>();
            String sending = null;
            for (String line : log.lines().toList()) {
                if (line.startsWith("I: Sending file: ")) {
                    sending = line.substring("I: Sending file: ".length()).trim();
                } else if (line.startsWith("I: Received Store Response (Success)") && sending != null) {
                    ok.add(Path.of(sending));
                    sending = null;
                }
            }
            return ok;
        }
    }

    private static String sop(Path file) throws Exception {
        return Studies.string(Studies.read(file), TagFromName.SOPInstanceUID);
    }

    private static void awaitFiles(Path dir, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (filesUnder(dir).size() < n) {
            assertTrue(System.nanoTime() < deadline, "fewer than " + n + " instances spooled after 60 s");
            Thread.sleep(10);
        }
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (java.io.UncheckedIOException e) {
            return filesUnder(dir); // a file moved away while walked
        }
    }
}
