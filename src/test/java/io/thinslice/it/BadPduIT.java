package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol half of the bad-input matrix (issue 10, item 8): malformed and hostile PDUs as raw bytes on the DICOM
 * port, a sender that stops mid-PDU, and a fuzzing run of mutated PDU streams and Part 10 files from a fixed seed.
 * After each, the node answers C-ECHO and still holds, complete, the series it had derived before.
 */
class BadPduIT {

    /** Short, so that a silent peer is dropped within the test; the production default is 60 s. */
    private static final int SOCKET_TIMEOUT_SECONDS = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path tmp;
    private static Node node;
    private static List<Path> phantom;
    private static String keeperSeries;
    private static List<String> keeperFiles;

    @BeforeAll
    static void startNode() throws Exception {
        node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear", "thinslice.series.stable-seconds", "1",
                "thinslice.dicom.socket-timeout", SOCKET_TIMEOUT_SECONDS + "s");
        phantom = Studies.phantom(tmp.resolve("phantom"), "--name", "badpdu");
        List<Path> keeper = Crafted.series(phantom, tmp, "pdu-keeper", (l, i) -> { });
        Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, keeper).requireSuccess("storescu keeper");
        keeperSeries = Studies.seriesUid(keeper.get(0));
        assertEquals("done", Jobs.awaitFinal(node, keeperSeries, 120).path("state").asText());
        keeperFiles = filesOf(keeperSeries);
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static List<String> filesOf(String series) throws Exception {
        return node.seriesFiles(series, Jobs.bySeries(node, series).path("derivedSeriesInstanceUid").asText());
    }

    private static void assertStillServing() throws Exception {
        assertTrue(node.isAlive(), "node alive");
        Tool.Result echo = Tool.echoscu("ECHOSCU", Node.AE, node.dicomPort);
        assertEquals(0, echo.exitCode(), "node still answers C-ECHO: " + echo.output() + "\n" + Jobs.tail(node.logText()));
        assertEquals(keeperFiles, filesOf(keeperSeries), "the series stored and derived before is all still there");
    }

    /** Sends {@code bytes} on a fresh connection, then reads everything the node sends until it closes. */
    private static byte[] exchange(byte[] bytes, boolean hangUp) throws IOException {
        try (Socket s = new Socket("127.0.0.1", node.dicomPort)) {
            s.setSoTimeout((SOCKET_TIMEOUT_SECONDS + 20) * 1000);
            try {
                RawDicom.send(s, bytes);
                if (hangUp) {
                    s.shutdownOutput();
                }
            } catch (IOException e) {
                // the node closed first (after an abort): what it sent is still read below
            }
            try {
                return RawDicom.readToEnd(s);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the node neither answered nor closed the connection in " + (SOCKET_TIMEOUT_SECONDS + 20) + " s");
            }
        }
    }

    private static void assertAbort(byte[] reply, int reason, String what) {
        assertArrayEquals(new byte[] {0x07, 0, 0, 0, 0, 4, 0, 0, 2, (byte) reason}, reply,
                what + ": A-ABORT from the service provider (2), reason " + reason + "; got " + Arrays.toString(reply));
    }

    /** The node's A-ASSOCIATE-AC (whole PDU), then the rest. */
    private static byte[] afterAssociateAc(byte[] reply) {
        assertEquals(0x02, reply[0], "A-ASSOCIATE-AC first: " + Arrays.toString(Arrays.copyOf(reply, Math.min(12, reply.length))));
        int length = (int) ((reply[2] & 0xffL) << 24 | (reply[3] & 0xffL) << 16 | (reply[4] & 0xffL) << 8 | (reply[5] & 0xffL));
        return Arrays.copyOfRange(reply, 6 + length, reply.length);
    }

    // ---------------------------------------------------------------- before association

    @Test
    void truncatedAssociateRqThenHangUpIsClosedWithoutReply() throws Exception {
        byte[] rq = RawDicom.associateRq(Node.AE, "PDUTEST");
        assertEquals(0, exchange(Arrays.copyOf(rq, 60), true).length, "nothing to answer: the request never completed");
        assertEquals(0, exchange(Arrays.copyOf(rq, 20), true).length, "shorter than the 42 bytes the gate reads");
        assertStillServing();
    }

    @Test
    void truncatedAssociateRqThenSilenceIsDroppedAfterTheSocketTimeout() throws Exception {
        long t0 = System.nanoTime();
        byte[] reply = exchange(Arrays.copyOf(RawDicom.associateRq(Node.AE, "PDUTEST"), 60), false);
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertEquals(0, reply.length, "closed without a PDU");
        assertTrue(seconds >= SOCKET_TIMEOUT_SECONDS - 1, "held until the socket timeout, not closed at once: " + seconds + " s");
        assertStillServing();
    }

    @Test
    void oversizedLengthInAssociateRqGetsAbort() throws Exception {
        byte[] rq = RawDicom.associateRq(Node.AE, "PDUTEST");
        System.arraycopy(RawDicom.u32be(0xFFFFFFFFL), 0, rq, 2, 4);
        assertAbort(exchange(rq, false), 1, "4 GiB A-ASSOCIATE-RQ");
        assertStillServing();
    }

    @Test
    void unknownPduTypeGetsAbort() throws Exception {
        assertAbort(exchange(RawDicom.pdu(0x0A, new byte[64]), false), 1, "PDU type 0x0A");
        assertStillServing();
    }

    @Test
    void pDataBeforeAssociationGetsAbort() throws Exception {
        assertAbort(exchange(RawDicom.echoRq(1), false), 1, "P-DATA-TF before any A-ASSOCIATE-RQ");
        assertStillServing();
    }

    @Test
    void associateRqWithAnItemLongerThanThePduIsClosedWithoutReply() throws Exception {
        byte[] rq = RawDicom.associateRq(Node.AE, "PDUTEST");
        rq[74 + 2] = (byte) 0xFF; // the application context item (at 74) claims 65535 bytes
        rq[74 + 3] = (byte) 0xFF;
        assertEquals(0, exchange(rq, false).length, "PixelMed cannot parse it and closes the connection");
        assertStillServing();
    }

    // ---------------------------------------------------------------- after A-ASSOCIATE-AC

    @Test
    void randomBytesAfterAValidAssociateRqGetAbort() throws Exception {
        byte[] noise = new byte[512];
        new Random(8).nextBytes(noise);
        noise[0] = 0x4F; // no PDU has this type
        System.arraycopy(RawDicom.u32be(16), 0, noise, 2, 4); // and a plausible length: an over-long one is another case
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(RawDicom.associateRq(Node.AE, "PDUTEST"));
        out.writeBytes(noise);
        assertAbort(afterAssociateAc(exchange(out.toByteArray(), false)), 2, "noise after A-ASSOCIATE-RQ (unexpected PDU)");
        assertStillServing();
    }

    @Test
    void pDataAnnouncingAGibibyteGetsAbortWithoutAllocatingIt() throws Exception {
        int logBefore = node.logText().length();
        for (long length : new long[] {1L << 30, 0x7FFFFFFFL, 0xFFFFFFFFL}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(RawDicom.associateRq(Node.AE, "PDUTEST"));
            out.writeBytes(new byte[] {0x04, 0});
            out.writeBytes(RawDicom.u32be(length));
            out.writeBytes(new byte[] {0, 0, 0, 10, 1, 3});
            assertAbort(afterAssociateAc(exchange(out.toByteArray(), false)), 6, "P-DATA-TF of " + length + " bytes (invalid PDU parameter value)");
        }
        // Before the length limit, PixelMed allocated the announced length: 1 GiB was an OutOfMemoryError.
        String log = node.logText().substring(logBefore);
        assertTrue(!log.contains("OutOfMemoryError") && !log.contains("NegativeArraySizeException"), log);
        assertStillServing();
    }

    @Test
    void senderThatStopsMidPduAndHangsUpLeavesNothing() throws Exception {
        List<Path> files = Crafted.series(phantom.subList(0, 1), tmp, "mid-pdu-hangup", (l, i) -> { });
        byte[] store = RawDicom.storeRq(1, Crafted.uid("mid-pdu-hangup/0"), RawDicom.dataSet(files.get(0)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(RawDicom.associateRq(Node.AE, "PDUTEST"));
        out.writeBytes(Arrays.copyOf(store, store.length / 2));
        byte[] rest = afterAssociateAc(exchange(out.toByteArray(), true));
        assertEquals(0, rest.length, "no C-STORE-RSP for half an instance");
        assertNoTrace(files.get(0));
        assertStillServing();
    }

    @Test
    void senderThatStopsMidPduAndWaitsIsDroppedAfterTheSocketTimeout() throws Exception {
        List<Path> files = Crafted.series(phantom.subList(0, 1), tmp, "mid-pdu-wait", (l, i) -> { });
        byte[] store = RawDicom.storeRq(1, Crafted.uid("mid-pdu-wait/0"), RawDicom.dataSet(files.get(0)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(RawDicom.associateRq(Node.AE, "PDUTEST"));
        out.writeBytes(Arrays.copyOf(store, store.length / 2));
        long t0 = System.nanoTime();
        byte[] rest = afterAssociateAc(exchange(out.toByteArray(), false));
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertEquals(0, rest.length, "closed without A-ABORT");
        assertTrue(seconds >= SOCKET_TIMEOUT_SECONDS - 1, "dropped at the socket timeout: " + seconds + " s");
        assertNoTrace(files.get(0));
        assertStillServing();
    }

    /** PixelMed named the incoming file after the C-STORE-RQ's Affected SOP Instance UID: {@code ../x} wrote outside. */
    @Test
    void affectedSopInstanceUidIsNeverUsedAsAPath() throws Exception {
        Path victim = node.storage.resolve("victim.txt");
        Files.writeString(victim, "precious");
        List<Path> files = Crafted.series(phantom.subList(0, 1), tmp, "path-uid", (l, i) -> { });
        try (Socket s = RawDicom.associate(node.dicomPort, "PDUTEST")) {
            RawDicom.send(s, RawDicom.storeRq(1, "../victim.txt", RawDicom.dataSet(files.get(0))));
            assertEquals(0, RawDicom.status(RawDicom.read(s.getInputStream())), "stored under the data set's own UIDs");
            RawDicom.send(s, RawDicom.releaseRq());
            RawDicom.read(s.getInputStream());
        }
        assertEquals("precious", Files.readString(victim), "the file next to incoming/ is untouched");
        assertTrue(Files.exists(node.storage.resolve("series").resolve(Studies.seriesUid(files.get(0))).resolve(Crafted.uid("path-uid/0") + ".dcm")));
        assertStillServing();
    }

    private static void assertNoTrace(Path sent) throws Exception {
        assertEquals(null, Jobs.bySeries(node, Studies.seriesUid(sent)), "nothing of the instance was kept");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!incoming().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), incoming(), "no partial file left in incoming/");
    }

    private static List<Path> incoming() throws IOException {
        Path dir = node.storage.resolve("incoming");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    // ---------------------------------------------------------------- fuzzing

    /**
     * 2400 mutated PDU streams (an A-ASSOCIATE-RQ alone, with a C-ECHO, or with a C-STORE of a 16 x 16 instance) on the
     * DICOM port and 600 mutated Part 10 files by STOW-RS, from a fixed seed, 4 senders at once, while a good series
     * sent just before is derived. Every exchange ends (an answer, an abort or a close) within the socket timeout plus
     * a margin; every instance the node answered Success for is on disk; the good series is complete and derived.
     */
    @Test
    void fuzzedPdusAndPart10FilesLoseNothingAndHangNothing() throws Exception {
        List<Path> good = Crafted.series(phantom, tmp, "fuzz-good", (l, i) -> { });
        Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, good).requireSuccess("storescu good series");
        Path tiny = Crafted.series(phantom.subList(4, 5), tmp, "fuzz-template", (l, i) -> Crafted.shrink(l, 4)).get(0);
        byte[] part10 = Files.readAllBytes(tiny);
        byte[] rq = RawDicom.associateRq(Node.AE, "FUZZ");
        List<byte[]> templates = List.of(rq, concat(rq, RawDicom.echoRq(1), RawDicom.releaseRq()),
                concat(rq, RawDicom.storeRq(1, Crafted.uid("fuzz-template/0"), RawDicom.dataSet(tiny)), RawDicom.releaseRq()));
        double storedBefore = metric("stored");
        double duplicatesBefore = metric("duplicate");
        long filesBefore = spooledFiles();

        AtomicInteger dimseSuccesses = new AtomicInteger();
        AtomicInteger stowSuccesses = new AtomicInteger();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        int senders = 4;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < senders; t++) {
            long seed = 20261130L + t;
            done.add(pool.submit(() -> {
                Random random = new Random(seed);
                for (int i = 0; i < 600; i++) {
                    byte[] mutated = mutate(templates.get(i % 3), random);
                    try {
                        dimseSuccesses.addAndGet(storeSuccesses(exchange(mutated, true)));
                    } catch (AssertionError | IOException e) {
                        problems.add("PDU case " + seed + "/" + i + ": " + e);
                    }
                }
                for (int i = 0; i < 150; i++) {
                    byte[] mutated = mutate(part10, random);
                    try {
                        HttpResponse<String> r = stowOne(mutated);
                        if (!List.of(200, 409, 400).contains(r.statusCode())) {
                            problems.add("STOW case " + seed + "/" + i + ": HTTP " + r.statusCode() + " " + r.body());
                        } else if (r.statusCode() == 200) {
                            stowSuccesses.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        problems.add("STOW case " + seed + "/" + i + ": " + e);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertEquals(List.of(), problems.subList(0, Math.min(20, problems.size())), problems.size() + " fuzz cases hung or failed");

        // Every Success answered is on disk: counted by the node, and as files.
        double answered = dimseSuccesses.get() + stowSuccesses.get();
        double stored = metric("stored") - storedBefore;
        assertEquals(answered, stored + metric("duplicate") - duplicatesBefore, 0.0,
                "every instance answered Success was counted as stored or duplicate");
        assertEquals(Math.round(stored), spooledFiles() - filesBefore, "every stored instance is a file in the spool");
        JsonNode goodJob = Jobs.awaitFinal(node, Studies.seriesUid(good.get(0)), 180);
        assertEquals("done", goodJob.path("state").asText(), goodJob.toString());
        assertEquals(9, goodJob.path("instancesReceived").asInt());
        assertEquals(33, goodJob.path("derivedInstances").asInt());
        assertEquals(42, filesOf(Studies.seriesUid(good.get(0))).size(), "9 received and 33 derived files of the good series");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!incoming().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(List.of(), incoming(), "no partial file left in incoming/");
        assertStillServing();
    }

    private static byte[] mutate(byte[] template, Random random) {
        byte[] b = template.clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> {
                    long[] lengths = {0xFFFFFFFFL, 0x7FFFFFFFL, 0, 0x10000, random.nextInt() & 0xFFFFFFFFL};
                    byte[] v = RawDicom.u32be(lengths[random.nextInt(lengths.length)]);
                    System.arraycopy(v, 0, b, at, Math.min(4, b.length - at));
                }
                case 3 -> b = Arrays.copyOf(b, at);
                case 4 -> {
                    byte[] insert = new byte[1 + random.nextInt(64)];
                    random.nextBytes(insert);
                    b = concat(Arrays.copyOf(b, at), insert, Arrays.copyOfRange(b, at, b.length));
                }
                default -> b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, Math.min(b.length, at + 1 + random.nextInt(32)), b.length));
            }
        }
        return b;
    }

    /** C-STORE-RSP commands with status Success in what the node sent. */
    private static int storeSuccesses(byte[] stream) {
        int n = 0;
        int p = 0;
        while (p + 6 <= stream.length) {
            int type = stream[p] & 0xff;
            long length = (stream[p + 2] & 0xffL) << 24 | (stream[p + 3] & 0xffL) << 16 | (stream[p + 4] & 0xffL) << 8 | (stream[p + 5] & 0xffL);
            if (p + 6 + length > stream.length) {
                break;
            }
            byte[] body = Arrays.copyOfRange(stream, p + 6, (int) (p + 6 + length));
            if (type == 0x04 && isStoreRsp(body) && RawDicom.status(new RawDicom.Pdu(type, body)) == 0) {
                n++;
            }
            p += 6 + (int) length;
        }
        return n;
    }

    private static boolean isStoreRsp(byte[] body) {
        for (int q = 6; q + 10 <= body.length; ) {
            int element = (body[q + 2] & 0xff) | (body[q + 3] & 0xff) << 8;
            int length = (int) ((body[q + 4] & 0xffL) | (body[q + 5] & 0xffL) << 8 | (body[q + 6] & 0xffL) << 16 | (body[q + 7] & 0xffL) << 24);
            if (element == 0x0100) {
                return ((body[q + 8] & 0xff) | (body[q + 9] & 0xff) << 8) == 0x8001;
            }
            q += 8 + length;
        }
        return false;
    }

    private static HttpResponse<String> stowOne(byte[] part10) throws IOException, InterruptedException {
        String boundary = "fuzz-boundary";
        byte[] body = concat(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), part10,
                ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort + "/dicom-web/studies"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double metric(String outcome) throws Exception {
        String prefix = "thinslice_ingest_instances_total{outcome=\"" + outcome + "\"} ";
        return node.get("/q/metrics").body().lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()))).findFirst().orElse(0);
    }

    private static long spooledFiles() throws IOException {
        try (Stream<Path> s = Files.walk(node.storage.resolve("series"))) {
            return s.filter(p -> p.toString().endsWith(".dcm")).count();
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
