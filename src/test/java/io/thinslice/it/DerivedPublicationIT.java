package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.TagFromName;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A derived series is served over DICOMweb only once it is complete: QIDO-RS polled in a tight loop while the node
 * writes a 129-instance derived series answers either nothing or all 129, never a part; a re-run of the same series
 * (operator retry) keeps the previous complete version visible until the new one replaces it whole; staging left
 * behind by a stop is removed at the next start and never served, and a node killed (SIGKILL) half-way through writing
 * a derived series serves none of it after the restart, then all of it once the resumed run is done.
 */
class DerivedPublicationIT {

    /** 33 thick slices × 4 − 3: enough instances that a partly written series would be seen by a tight poll. */
    private static final int DERIVED = 129;

    @TempDir
    Path tmp;

    @Test
    void derivedSeriesIsServedOnlyWholeAndAReRunReplacesItWhole() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"), "--name", "pub", "--rows", 32, "--columns", 32, "--thin-slices", DERIVED);
        assertEquals(33, thick.size());
        String series = Studies.seriesUid(thick.get(0));
        String study = Studies.string(Studies.read(thick.get(0)), TagFromName.StudyInstanceUID);
        // Nothing listens at the destination: the job fails after export, so the operator retry re-runs it.
        Node node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear",
                "thinslice.export.destinations", "DOWN@127.0.0.1:" + Ports.free(), "thinslice.export.max-attempts", "1");
        try {
            Map<Integer, Integer> counts;
            JsonNode failed;
            try (Poller poller = new Poller(node, study)) {
                Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
                failed = Jobs.awaitFinal(node, series, 120);
                assertEquals("failed", failed.path("state").asText(), failed.toString());
                assertEquals(DERIVED, failed.path("derivedInstances").asInt(), failed.toString());
                poller.waitForAnswer(DERIVED);
                counts = poller.stop();
            }
            assertTrue(counts.keySet().stream().allMatch(c -> c == 0 || c == DERIVED),
                    "QIDO-RS answered with a partly written series: instance count → answers " + counts);
            String firstVersion = creationTimes(node, study);

            // The re-run: every answer while the node derives the series again is the previous complete version or the new one.
            Thread.sleep(1100); // the new version's creation time (second resolution at least) differs from the first's
            String id = failed.path("id").asText();
            try (Poller poller = new Poller(node, study)) {
                assertEquals(202, node.send("POST", "/api/jobs/" + id + "/retry").statusCode());
                JsonNode again = Jobs.await(node, series, j -> j.path("attempts").size() == 2
                        && List.of("done", "failed").contains(j.path("state").asText()), 120);
                assertEquals(DERIVED, again.path("derivedInstances").asInt(), again.toString());
                counts = poller.stop();
            }
            assertEquals(List.of(DERIVED), List.copyOf(counts.keySet()),
                    "during the re-run QIDO-RS must keep answering with the complete previous version: " + counts);
            String secondVersion = creationTimes(node, study);
            assertNotEquals(firstVersion, secondVersion, "the re-run's version is served once it is complete");

            // Staging left by a stop (here: planted while the node is down) is removed at start and never served.
            node.close();
            Path derivedDir;
            try (Stream<Path> s = Files.list(tmp.resolve("node").resolve("derived"))) {
                derivedDir = s.findFirst().orElseThrow();
            }
            Path leftover = Files.createDirectories(tmp.resolve("node").resolve("derived-staging").resolve("1.2.3.4.5"));
            try (Stream<Path> s = Files.list(derivedDir)) {
                for (Path f : s.limit(5).toList()) {
                    Files.copy(f, leftover.resolve(f.getFileName()));
                }
            }
            node = node.restart();
            assertFalse(Files.exists(leftover), "staging leftovers are removed at start");
            assertEquals(DERIVED, Poller.count(node, study));
        } finally {
            node.close();
        }
    }

    @Test
    void aNodeKilledWhileWritingADerivedSeriesServesNoPartOfItAfterTheRestart() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"), "--name", "kill", "--rows", 32, "--columns", 32, "--thin-slices", DERIVED);
        String series = Studies.seriesUid(thick.get(0));
        String study = Studies.string(Studies.read(thick.get(0)), TagFromName.StudyInstanceUID);
        Path staging = tmp.resolve("node").resolve("derived-staging");
        Node node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear");
        try {
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu");
            // Watch the file system itself, so the kill lands while derived instances are being written.
            long deadline = System.nanoTime() + 60_000_000_000L;
            int staged = 0;
            while (staged == 0 && System.nanoTime() < deadline) {
                staged = countFiles(staging);
            }
            assertTrue(staged > 0, "never saw the derived series being written");
            node.kill();
            int left = countFiles(staging);
            // Still in staging: killed before the series was published (publication moves the folder out of staging).
            assertTrue(left > 0, "killed before publication: " + left + " of " + DERIVED + " instances in staging");

            node = node.restart();
            Map<Integer, Integer> counts;
            try (Poller poller = new Poller(node, study)) {
                JsonNode done = Jobs.awaitFinal(node, series, 120);
                assertEquals("done", done.path("state").asText(), done.toString());
                assertEquals("interrupted", done.path("attempts").path(0).path("outcome").asText(), done.toString());
                poller.waitForAnswer(DERIVED);
                counts = poller.stop();
            }
            assertTrue(counts.keySet().stream().allMatch(c -> c == 0 || c == DERIVED), "after the restart QIDO-RS answered " + counts);
            assertEquals(DERIVED, Poller.count(node, study));
            assertEquals(0, countFiles(staging), "staging is empty once the series is published");
        } finally {
            node.close();
        }
    }

    private static int countFiles(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return (int) s.filter(f -> f.getFileName().toString().endsWith(".dcm")).count();
        } catch (java.io.UncheckedIOException e) {
            return 0; // a folder renamed away while walked
        }
    }

    /** The Instance Creation Times of the served instances, as one string (changes when a new version is served). */
    private static String creationTimes(Node node, String study) throws Exception {
        HttpResponse<String> r = node.get("/dicom-web/studies/" + study + "/instances?includefield=00080013&includefield=00080012");
        assertEquals(200, r.statusCode(), r.body());
        StringBuilder b = new StringBuilder();
        for (JsonNode i : Jobs.JSON.readTree(r.body())) {
            b.append(i.path("00080012").path("Value").path(0).asText()).append(i.path("00080013").path("Value").path(0).asText()).append(';');
        }
        return b.toString();
    }

    /** Asks QIDO-RS for the study's instances as fast as it answers, on its own thread, counting the answers by size. */
    static final class Poller implements AutoCloseable {
        private final Node node;
        private final String study;
        private final Map<Integer, Integer> counts = new TreeMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        private volatile Throwable error;

        Poller(Node node, String study) {
            this.node = node;
            this.study = study;
            this.thread = new Thread(this::loop, "qido-poller");
            thread.start();
        }

        static int count(Node node, String study) throws Exception {
            HttpResponse<String> r = node.get("/dicom-web/studies/" + study + "/instances");
            if (r.statusCode() == 204 || r.body().isBlank()) {
                return 0;
            }
            assertEquals(200, r.statusCode(), r.body());
            return Jobs.JSON.readTree(r.body()).size();
        }

        private void loop() {
            try {
                while (running.get()) {
                    int n = count(node, study);
                    synchronized (counts) {
                        counts.merge(n, 1, Integer::sum);
                    }
                }
            } catch (Throwable t) {
                error = t;
            }
        }

        void waitForAnswer(int n) throws InterruptedException {
            for (int i = 0; i < 100; i++) {
                synchronized (counts) {
                    if (counts.containsKey(n)) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
        }

        Map<Integer, Integer> stop() throws InterruptedException {
            running.set(false);
            thread.join(20_000);
            if (error != null) {
                throw new AssertionError("QIDO-RS poll failed", error);
            }
            synchronized (counts) {
                assertTrue(counts.values().stream().mapToInt(Integer::intValue).sum() > 0, "no QIDO-RS answer at all");
                return new TreeMap<>(counts);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(20_000);
        }
    }
}
