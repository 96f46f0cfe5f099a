package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several dcmtk senders at once while the node synthesises and exports: every instance is spooled once, every series
 * is derived once and delivered once to a dcmtk storescp (counted by SOP Instance UID), no job fails, series are
 * synthesised one at a time in the order they became complete, and the node's peak RSS is printed. Senders beyond
 * {@code thinslice.dicom.max-associations} get A-ASSOCIATE-RJ (rejected transient, local limit exceeded) at once, not a
 * hang, and get in when they try again; complete series beyond {@code thinslice.series.max-queued} wait in the spool
 * and keep their order.
 */
class LoadIT {

    private static final int SENDERS = 8;
    private static final int SERIES_PER_SENDER = 5;
    /** 5 thick slices per series → 9 derived at × 2. */
    private static final int THICK = 5;
    private static final int DERIVED = 9;

    @TempDir
    Path tmp;
    /** The phantom every test copies, made once. */
    @TempDir
    static Path phantomDir;
    private static List<Path> phantom;

    @Test
    void eightSendersAtOnceWhileSeriesAreSynthesisedAndExported() throws Exception {
        List<List<Path>> senders = seriesBySender(SENDERS, SERIES_PER_SENDER);
        Map<String, Set<String>> sourceSops = new HashMap<>(); // source series → its SOP Instance UIDs
        for (List<Path> files : senders) {
            for (Path f : files) {
                AttributeList a = Studies.read(f);
                sourceSops.computeIfAbsent(Studies.string(a, TagFromName.SeriesInstanceUID), k -> new HashSet<>())
                        .add(Studies.string(a, TagFromName.SOPInstanceUID));
            }
        }
        assertEquals(SENDERS * SERIES_PER_SENDER, sourceSops.size(), "distinct series");
        sourceSops.values().forEach(s -> assertEquals(THICK, s.size(), "distinct instances per series"));

        // -uf: one file per received instance, so a second delivery of an instance would show as a second file.
        try (Storescp pacs = Storescp.start("LOADPACS", Ports.free(), tmp.resolve("pacs"), "-uf");
             // The default max-associations (8): all eight senders fit. A short synthesis queue, so that series
             // completing together also wait in the spool for a place.
             Node node = Node.start(tmp.resolve("node"), "thinslice.export.destinations", pacs.destination(),
                     "thinslice.synthesis.method", "linear", "thinslice.synthesis.factor", "2",
                     "thinslice.series.stable-seconds", "1", "thinslice.series.max-queued", "2")) {
            // Each sender (a scanner) sends its series one association after another, with a pause in between, so the
            // first series are complete, synthesised and exported while the later ones still arrive.
            ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
            List<Future<Integer>> sent = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                List<Path> files = senders.get(s);
                String ae = "SCANNER" + s;
                sent.add(pool.submit(() -> {
                    int rejected = 0;
                    for (int i = 0; i < SERIES_PER_SENDER; i++) {
                        rejected += sendWithRetry(ae, node, files.subList(i * THICK, (i + 1) * THICK));
                        Thread.sleep(1500);
                    }
                    return rejected;
                }));
            }
            int rejections = 0;
            for (Future<Integer> f : sent) {
                rejections += f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();

            int seriesCount = sourceSops.size();
            List<JsonNode> jobs = awaitAllFinal(node, seriesCount, 240);
            List<Path> received = pacs.awaitFiles(seriesCount * DERIVED, 60);
            Thread.sleep(1000); // a duplicate delivery would come after the last expected one
            received = pacs.files();
            long peakKib = node.peakRssKib();
            String metrics = node.get("/q/metrics").body();
            System.out.printf("LoadIT: %d senders x %d series (%d instances in, %d derived out), %d association(s) rejected and retried,"
                    + " %s series waited for a place in the synthesis queue, node peak RSS %.1f MiB (VmHWM)%n", SENDERS,
                    SERIES_PER_SENDER, seriesCount * THICK, seriesCount * DERIVED, rejections,
                    metrics.lines().filter(l -> l.startsWith("thinslice_series_held_total")).map(l -> l.split(" ")[1]).findFirst().orElse("?"),
                    peakKib / 1024.0);

            // Every source instance spooled once: the spool holds exactly the sent SOP Instance UIDs of each series.
            for (Map.Entry<String, Set<String>> e : sourceSops.entrySet()) {
                Set<String> spooled;
                try (Stream<Path> s = Files.list(node.storage.resolve("series").resolve(e.getKey()))) {
                    spooled = s.map(p -> p.getFileName().toString()).map(n -> n.substring(0, n.length() - ".dcm".length()))
                            .collect(Collectors.toSet());
                }
                assertEquals(e.getValue(), spooled, "spool of series " + e.getKey());
            }
            try (Stream<Path> s = Files.list(node.storage.resolve("incoming"))) {
                assertEquals(List.of(), s.toList(), "no received file left outside the spool");
            }

            // One job per series, each done, run once, derived once and delivered once.
            assertEquals(seriesCount, jobs.size(), "one job per series");
            Map<String, String> derivedToSource = new HashMap<>();
            for (JsonNode job : jobs) {
                assertEquals("done", job.path("state").asText(), job.toString());
                assertTrue(sourceSops.containsKey(job.path("seriesInstanceUid").asText()), job.toString());
                assertEquals(THICK, job.path("instancesReceived").asInt(), job.toString());
                assertEquals(0, job.path("duplicatesReceived").asInt(), "no instance came twice: " + job);
                assertEquals(1, job.path("attempts").size(), "one run: " + job);
                assertEquals(DERIVED, job.path("derivedInstances").asInt(), job.toString());
                JsonNode export = job.path("exports").get(0);
                assertEquals("done", export.path("state").asText(), job.toString());
                assertEquals(1, export.path("attempts").asInt(), "delivered on the first attempt: " + job);
                assertEquals(DERIVED, export.path("sent").asInt(), job.toString());
                derivedToSource.put(job.path("derivedSeriesInstanceUid").asText(), job.path("seriesInstanceUid").asText());
            }
            assertEquals(seriesCount, derivedToSource.size(), "a derived series per source series");

            // What storescp received: each derived SOP Instance UID once, DERIVED per derived series, nothing else.
            Map<String, Integer> deliveries = new HashMap<>();
            Map<String, Set<String>> sopsByDerivedSeries = new HashMap<>();
            for (Path f : received) {
                AttributeList a = Studies.read(f);
                String sop = Studies.string(a, TagFromName.SOPInstanceUID);
                deliveries.merge(sop, 1, Integer::sum);
                sopsByDerivedSeries.computeIfAbsent(Studies.string(a, TagFromName.SeriesInstanceUID), k -> new HashSet<>()).add(sop);
            }
            Map<String, Integer> twice = new TreeMap<>(deliveries);
            twice.values().removeIf(n -> n == 1);
            assertEquals(Map.of(), twice, "SOP Instance UIDs delivered more than once");
            assertEquals(seriesCount * DERIVED, deliveries.size(), "distinct derived instances delivered");
            assertEquals(derivedToSource.keySet(), sopsByDerivedSeries.keySet(), "the derived series delivered");
            sopsByDerivedSeries.forEach((series, sops) -> assertEquals(DERIVED, sops.size(), "instances of " + series));

            assertSynthesisOverlappedReceiving(jobs);
            assertOneSeriesAtATimeInCompletionOrder(jobs);
            assertTrue(metrics.contains("thinslice_jobs_finished_total{outcome=\"done\"} " + seriesCount + ".0"), "jobs done counted");
            assertFalse(metrics.contains("thinslice_jobs_finished_total{outcome=\"failed\"}"), "no job failed");
            assertEquals(200, node.get("/q/health").statusCode(), "healthy after the load");
            assertTrue(peakKib > 0, "peak RSS read from /proc");
        }
    }

    /**
     * All association slots held by connections that have not yet said anything (slow senders): further senders are
     * answered A-ASSOCIATE-RJ rejected-transient, local-limit-exceeded, at once; once the slots are free they get in
     * by trying again, more senders than slots, and every instance is kept once. Held as receiving (a long stable
     * time) until a restart, the series are then all complete at once: they are synthesised one at a time in the
     * order they arrived, all but one having waited in the spool for a place in a synthesis queue of one.
     */
    @Test
    void sendersBeyondTheAssociationLimitGetInOnRetryAndSeriesCompleteTogetherRunInArrivalOrder() throws Exception {
        int limit = 2;
        List<List<Path>> senders = seriesBySender(4, 1);
        try (Storescp pacs = Storescp.start("QPACS", Ports.free(), tmp.resolve("pacs"), "-uf")) {
            Node first = Node.start(tmp.resolve("node"), "thinslice.dicom.max-associations", Integer.toString(limit),
                    "thinslice.export.destinations", pacs.destination(), "thinslice.synthesis.method", "linear",
                    "thinslice.synthesis.factor", "2", "thinslice.series.stable-seconds", "3600");
            try {
                List<Socket> held = new ArrayList<>();
                try {
                    for (int i = 0; i < limit; i++) {
                        held.add(new Socket("127.0.0.1", first.dicomPort));
                    }
                    // The listener takes a slot when it accepts; wait until both are taken.
                    assertRejectedTransient(awaitRejection(first));
                    ExecutorService pool = Executors.newFixedThreadPool(senders.size());
                    List<Future<Tool.Result>> firstTries = new ArrayList<>();
                    for (int s = 0; s < senders.size(); s++) {
                        List<Path> files = senders.get(s);
                        String ae = "SCANNER" + s;
                        firstTries.add(pool.submit(() -> Tool.run(Tool.cmd("storescu", "-aet", ae, "-aec", Node.AE, "127.0.0.1",
                                first.dicomPort, files), 60)));
                    }
                    for (Future<Tool.Result> f : firstTries) {
                        assertRejectedTransient(f.get(2, TimeUnit.MINUTES));
                    }
                    pool.shutdown();
                } finally {
                    for (Socket s : held) {
                        s.close();
                    }
                }
                // The slots are free again: the senders, all at once and more of them than slots, get in by trying again.
                ExecutorService pool = Executors.newFixedThreadPool(senders.size());
                List<Future<Integer>> retries = new ArrayList<>();
                for (int s = 0; s < senders.size(); s++) {
                    List<Path> files = senders.get(s);
                    String ae = "SCANNER" + s;
                    retries.add(pool.submit(() -> sendWithRetry(ae, first, files)));
                }
                for (Future<Integer> f : retries) {
                    f.get(5, TimeUnit.MINUTES);
                }
                pool.shutdown();
                for (List<Path> files : senders) {
                    String series = Studies.seriesUid(files.get(0));
                    JsonNode job = Jobs.bySeries(first, series);
                    assertEquals("receiving", job.path("state").asText(), job.toString());
                    assertEquals(THICK, job.path("instancesReceived").asInt(), job.toString());
                    assertEquals(0, job.path("duplicatesReceived").asInt(), "a rejected association delivered nothing: " + job);
                    try (Stream<Path> f = Files.list(first.storage.resolve("series").resolve(series))) {
                        assertEquals(THICK, f.count(), "spooled once");
                    }
                }
                assertTrue(first.logText().contains("association slots busy"), "the node logs why it refused");
            } finally {
                first.close();
            }

            try (Node second = first.restart("thinslice.series.stable-seconds", "1", "thinslice.series.max-queued", "1")) {
                List<JsonNode> jobs = awaitAllFinal(second, senders.size(), 120);
                for (JsonNode job : jobs) {
                    assertEquals("done", job.path("state").asText(), job.toString());
                    assertEquals(THICK, job.path("instancesReceived").asInt(), job.toString());
                    assertEquals(1, job.path("attempts").size(), "run once: " + job);
                }
                assertEquals(senders.size() * DERIVED, pacs.awaitFiles(senders.size() * DERIVED, 60).size());
                List<String> arrival = jobs.stream().sorted(Comparator.comparing(j -> instant(j, "firstReceivedAt")))
                        .map(j -> j.path("seriesInstanceUid").asText()).toList();
                List<String> processed = jobs.stream().sorted(Comparator.comparing(j -> instant(j, "processingStartedAt")))
                        .map(j -> j.path("seriesInstanceUid").asText()).toList();
                assertEquals(arrival, processed, "synthesised in the order the series arrived");
                assertOneSeriesAtATimeInCompletionOrder(jobs);
                String metrics = second.get("/q/metrics").body();
                assertTrue(metrics.contains("thinslice_series_held_total " + (senders.size() - 1) + ".0"),
                        "all but the first waited in the spool for a place: "
                                + metrics.lines().filter(l -> l.startsWith("thinslice_series_held")).toList());
                assertTrue(second.logText().contains("synthesis queue full (1 series)"), Jobs.tail(second.logText()));
            }
        }
    }

    /** Sends one association's worth, trying again (up to 60 times) while the node refuses it as transient. */
    private static int sendWithRetry(String ae, Node node, List<Path> files) throws InterruptedException {
        for (int attempt = 0; attempt < 60; attempt++) {
            Tool.Result r = Tool.run(Tool.cmd("storescu", "-aet", ae, "-aec", Node.AE, "127.0.0.1", node.dicomPort, files), 120);
            if (r.exitCode() == 0) {
                return attempt; // a store refused within the association would show as a missing instance in the spool
            }
            assertRejectedTransient(r);
            Thread.sleep(200 + attempt * 50L);
        }
        throw new AssertionError("storescu " + ae + " still refused after 60 tries");
    }

    private static void assertRejectedTransient(Tool.Result r) {
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("Association Rejected") && r.output().contains("Rejected Transient")
                && r.output().contains("Local Limit Exceeded"), "A-ASSOCIATE-RJ transient, local limit exceeded:\n" + r.output());
    }

    /** Probes with echoscu until the held connections have taken every slot. */
    private static Tool.Result awaitRejection(Node node) throws InterruptedException {
        Tool.Result last = null;
        for (int i = 0; i < 100; i++) {
            last = Tool.echoscu("PROBE", Node.AE, node.dicomPort);
            if (last.exitCode() != 0) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("a further association was still accepted with every slot held: " + last.output());
    }

    /** Some series were being synthesised or exported while later ones were still arriving. */
    private static void assertSynthesisOverlappedReceiving(List<JsonNode> jobs) {
        Instant lastInstance = jobs.stream().map(j -> instant(j, "lastReceivedAt")).max(Comparator.naturalOrder()).orElseThrow();
        Instant firstSynthesis = jobs.stream().map(j -> instant(j, "processingStartedAt")).min(Comparator.naturalOrder()).orElseThrow();
        assertTrue(firstSynthesis.isBefore(lastInstance), "synthesis began at " + firstSynthesis + ", before the last instance at " + lastInstance);
    }

    /**
     * One synthesis at a time (a series' synthesis ends, with its export starting, before the next one's begins), in
     * the order the series became complete.
     */
    private static void assertOneSeriesAtATimeInCompletionOrder(List<JsonNode> jobs) {
        List<JsonNode> byStart = jobs.stream().sorted(Comparator.comparing(j -> instant(j, "processingStartedAt"))).toList();
        for (int i = 1; i < byStart.size(); i++) {
            JsonNode before = byStart.get(i - 1);
            JsonNode after = byStart.get(i);
            assertFalse(instant(after, "processingStartedAt").isBefore(instant(before, "exportStartedAt")),
                    "synthesis of " + after.path("seriesInstanceUid").asText() + " began before that of "
                            + before.path("seriesInstanceUid").asText() + " ended");
            assertFalse(instant(after, "completedAt").isBefore(instant(before, "completedAt")),
                    "a series complete at " + instant(after, "completedAt") + " was synthesised after one complete at "
                            + instant(before, "completedAt"));
        }
    }

    private static Instant instant(JsonNode job, String field) {
        JsonNode v = job.path(field);
        if (v.isMissingNode() || v.isNull()) {
            throw new AssertionError(field + " missing in " + job);
        }
        return v.isNumber() ? Instant.ofEpochSecond(v.longValue(), (long) ((v.decimalValue().remainder(java.math.BigDecimal.ONE))
                .movePointRight(9).doubleValue())) : Instant.parse(v.asText());
    }

    private static List<JsonNode> awaitAllFinal(Node node, int count, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<JsonNode> jobs = List.of();
        while (System.nanoTime() < deadline) {
            jobs = Jobs.list(node);
            if (jobs.size() == count && jobs.stream().allMatch(j -> List.of("done", "failed", "ignored").contains(j.path("state").asText()))) {
                return jobs;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(jobs.stream().filter(j -> !"done".equals(j.path("state").asText())).count() + " of " + count
                + " jobs not final in " + seconds + " s: " + jobs + "\nnode log:\n" + Jobs.tail(node.logText()));
    }

    /**
     * {@code senders × perSender} distinct series from one phantom: dcmtk's dcmodify gives each copy its own Study (one
     * per sender), Series and SOP Instance UIDs. Each sender's files, series after series.
     */
    private List<List<Path>> seriesBySender(int senders, int perSender) throws Exception {
        if (phantom == null) {
            phantom = Studies.phantom(phantomDir.resolve("phantom"), "--name", "load", "--factor", 2, "--thin-slices", DERIVED);
        }
        List<Path> thick = phantom;
        assertEquals(THICK, thick.size());
        List<List<Path>> bySender = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            String study = uid();
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < perSender; i++) {
                Path dir = Files.createDirectories(tmp.resolve("send").resolve(s + "-" + i));
                List<Path> copies = new ArrayList<>();
                for (Path f : thick) {
                    copies.add(Files.copy(f, dir.resolve(f.getFileName())));
                }
                Tool.run(Tool.cmd("dcmodify", "-nb", "-m", "(0020,000D)=" + study, "-m", "(0020,000E)=" + uid(), "-gin", copies))
                        .requireSuccess("dcmodify");
                files.addAll(copies);
            }
            bySender.add(files);
        }
        return bySender;
    }

    private static String uid() {
        java.util.UUID u = java.util.UUID.randomUUID();
        return "2.25." + new java.math.BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
    }
}
