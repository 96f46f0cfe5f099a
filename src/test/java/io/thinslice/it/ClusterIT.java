package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.thinslice.dicom.SourceSeriesSpec;
import io.thinslice.dicom.SourceSeriesWriter;
import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.volume.Decimation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes on one PostgreSQL ({@code thinslice.jobs.store=postgresql}) and one storage folder, delivering to one
 * dcmtk storescp that keeps every received copy ({@code +uf}), so a second delivery would show:
 * <ol>
 * <li>12 phantom series spread over the nodes by storescu, two of them split instance by instance across two nodes:
 * each is one job, derived once, and delivered once (counted by SOP Instance UID, one derived series per source);</li>
 * <li>the node synthesising a larger series is SIGKILLed mid-synthesis: after its lease (5 s here) another node takes
 * the job over and the destination gets each derived instance of one derived series, never a second series.</li>
 * </ol>
 * The nodes are shared by both cases (the second runs on the two survivors), as is the database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    @TempDir
    static Path tmp;
    static Postgres postgres;
    static String database = "cluster";
    static Storescp pacs;
    static final List<Node> nodes = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        postgres = Postgres.start();
        String url = postgres.createDatabase(database);
        pacs = Storescp.start("PACS", Ports.free(), tmp.resolve("pacs"), "+uf");
        Path storage = tmp.resolve("shared");
        // One after the other: three JVMs starting at once on two cores can pass Node's 60 s readiness wait.
        for (int i = 1; i <= 3; i++) {
            nodes.add(Node.start(storage,
                    "thinslice.node.name", "node-" + i,
                    "thinslice.jobs.store", "postgresql",
                    "quarkus.datasource.jdbc.url", url,
                    "quarkus.datasource.username", Postgres.USER,
                    "quarkus.datasource.password", Postgres.PASSWORD,
                    "thinslice.jobs.lease", "5s",
                    "thinslice.jobs.heartbeat", "1s",
                    "thinslice.series.stable-seconds", "3",
                    "thinslice.synthesis.method", "cubic",
                    "thinslice.export.destinations", pacs.destination(),
                    "ai.djl.pytorch.num_threads", "1"));
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (Node n : nodes) {
            n.close();
        }
        if (pacs != null) {
            pacs.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A phantom series written in-process (the node's own generator), UIDs name-based on {@code name}. */
    static List<Path> phantom(String name, int size, int thinSlices) throws Exception {
        var thin = PhantomGenerator.thin(new PhantomSpec(size, size, thinSlices, 300.0 / size, 1.25, name.hashCode()));
        return SourceSeriesWriter.write(Decimation.keepEveryNth(thin, 4, 0),
                SourceSeriesSpec.named("cluster/" + name, "Cluster^" + name, "Cluster " + name, 2, 0), tmp.resolve("studies").resolve(name));
    }

    /** What the destination holds: SOP Instance UID -> copies, and derived Series UID -> source Series UID. */
    record Delivered(Map<String, Integer> copies, Map<String, Set<String>> sopsBySeries) {
        static Delivered read(List<Path> files) throws Exception {
            Map<String, Integer> copies = new HashMap<>();
            Map<String, Set<String>> bySeries = new HashMap<>();
            for (Path f : files) {
                AttributeList a = Studies.read(f);
                String sop = Studies.string(a, TagFromName.SOPInstanceUID);
                copies.merge(sop, 1, Integer::sum);
                bySeries.computeIfAbsent(Studies.string(a, TagFromName.SeriesInstanceUID), k -> new HashSet<>()).add(sop);
            }
            return new Delivered(copies, bySeries);
        }
    }

    @Test
    @Order(1)
    void twelveSeriesOverThreeNodesAreEachDerivedAndDeliveredOnce() throws Exception {
        List<List<Path>> series = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            series.add(phantom("series-" + i, 64, 17));
        }
        // Two series split instance by instance across two nodes (alternating), the others whole to one node each.
        for (int s = 0; s < 2; s++) {
            List<Path> files = series.get(s);
            for (int i = 0; i < files.size(); i++) {
                Node to = nodes.get((s + i) % 2 == 0 ? 0 : 1 + s);
                Tool.storescu("CTSCANNER", Node.AE, to.dicomPort, List.of(files.get(i))).requireSuccess("storescu split " + s);
            }
        }
        for (int s = 2; s < 12; s++) {
            Tool.storescu("CTSCANNER", Node.AE, nodes.get(s % 3).dicomPort, series.get(s)).requireSuccess("storescu " + s);
        }
        // The first series sent again, to the third node: a duplicate cluster-wide, not a new instance.
        Tool.storescu("CTSCANNER", Node.AE, nodes.get(2).dicomPort, series.get(0)).requireSuccess("storescu resend");

        int expected = 0;
        Set<String> derivedSeries = new HashSet<>();
        for (int s = 0; s < 12; s++) {
            String uid = Studies.seriesUid(series.get(s).get(0));
            JsonNode job = Jobs.awaitFinal(nodes.get(s % 3), uid, 120);
            assertEquals("done", job.path("state").asText(), job.toString());
            assertEquals(series.get(s).size(), job.path("instancesReceived").asInt(), job.toString());
            assertEquals(1, job.path("attempts").size(), "derived once: " + job);
            assertEquals(s == 0 ? series.get(0).size() : 0, job.path("duplicatesReceived").asInt(), job.toString());
            expected += job.path("derivedInstances").asInt();
            derivedSeries.add(job.path("derivedSeriesInstanceUid").asText());
            // every node sees the same, cluster-wide job
            assertEquals(job.toString(), Jobs.bySeries(nodes.get((s + 1) % 3), uid).toString());
        }
        assertEquals(12, derivedSeries.size());
        assertEquals(12, Jobs.list(nodes.get(0)).size(), "one job per series, whatever node or association it came by");
        Delivered delivered = Delivered.read(pacs.awaitFiles(expected, 60));
        Thread.sleep(2000); // a second delivery, were there one, would be here by now
        delivered = Delivered.read(pacs.files());
        assertEquals(expected, delivered.copies().size(), "every derived instance delivered");
        assertTrue(delivered.copies().values().stream().allMatch(n -> n == 1), "no instance delivered twice: " + delivered.copies());
        assertEquals(derivedSeries, delivered.sopsBySeries().keySet(), "one derived series per source series");

        String claims = postgres.sql(database, "SELECT count(*) FROM thinslice_job WHERE lease_owner IS NOT NULL");
        assertEquals("0", claims, "no claim left behind");
        String spreadOver = postgres.sql(database, "SELECT count(DISTINCT received_by) FROM thinslice_instance");
        assertEquals("3", spreadOver, "instances came in through all three nodes");
        String metrics = nodes.get(0).get("/q/metrics").body();
        assertTrue(metrics.contains("thinslice_queue_depth 0.0"), "queue empty, cluster-wide");
        assertTrue(metrics.contains("thinslice_jobs_current{state=\"done\"} 12.0"), "done counted cluster-wide");
        int synthClaims = 0;
        for (Node n : nodes) {
            String m = n.get("/q/metrics").body();
            synthClaims += m.lines().filter(l -> l.startsWith("thinslice_jobs_claims_total{") && l.contains("stage=\"synthesize\""))
                    .mapToInt(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }
        assertEquals(12, synthClaims, "12 synthesis claims over the three nodes");

        // An operator deletes, through the second node, a series the first node received: gone for every node.
        String uid = Studies.seriesUid(series.get(3).get(0));
        String id = Jobs.bySeries(nodes.get(0), uid).path("id").asText();
        assertEquals(204, nodes.get(1).send("DELETE", "/api/jobs/" + id).statusCode());
        assertEquals(404, nodes.get(0).get("/api/jobs/" + id).statusCode());
        assertFalse(Files.exists(nodes.get(0).storage.resolve("series").resolve(uid)), "received instances deleted from the shared storage");
    }

    @Test
    @Order(2)
    void aNodeKilledDuringSynthesisLosesItsJobToAnotherAndTheSeriesIsDeliveredAsOne() throws Exception {
        pacsBaseline = pacs.files().size();
        List<Path> big = phantom("killed", 256, 97);
        String uid = Studies.seriesUid(big.get(0));
        Tool.storescu("CTSCANNER", Node.AE, nodes.get(0).dicomPort, big).requireSuccess("storescu big");
        String id = postgres.sql(database, "SELECT id FROM thinslice_job WHERE series_uid = '" + uid + "'");
        String holder = awaitHolder(id);
        Node victim = nodes.stream().filter(n -> nameOf(n).equals(holder)).findFirst().orElseThrow();
        victim.kill();
        nodes.remove(victim);
        Node survivor = nodes.get(0);
        JsonNode job = Jobs.await(survivor, uid, j -> "done".equals(j.path("state").asText()), 180);
        assertEquals(2, job.path("attempts").size(), job.toString());
        assertEquals("interrupted", job.path("attempts").get(0).path("outcome").asText(), job.toString());
        assertTrue(job.path("attempts").get(0).path("reason").asText().contains(holder), job.toString());
        assertEquals("taken over", job.path("attempts").get(1).path("trigger").asText(), job.toString());
        int n = job.path("derivedInstances").asInt();
        String derivedUid = job.path("derivedSeriesInstanceUid").asText();
        List<Path> all = pacs.awaitFiles(pacsBaseline + n, 60);
        Delivered delivered = Delivered.read(all);
        Set<String> sops = delivered.sopsBySeries().get(derivedUid);
        assertEquals(n, sops.size(), "each derived instance of the one derived series");
        assertEquals(13, delivered.sopsBySeries().size(), "never a second series for the killed node's job");
        assertFalse(postgres.sql(database, "SELECT lease_owner FROM thinslice_job WHERE id = '" + id + "'").equals(holder));
    }

    private static int pacsBaseline;

    private static String nameOf(Node n) {
        return n.setting("thinslice.node.name");
    }

    /** Waits until some node holds the job in synthesis; returns that node's name. */
    private static String awaitHolder(String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String row = postgres.sql(database, "SELECT state || '|' || coalesce(lease_owner, '') FROM thinslice_job WHERE id = '" + id + "'");
            if (row.startsWith("processing|") && row.length() > "processing|".length()) {
                return row.substring("processing|".length());
            }
            if (row.startsWith("exporting") || row.startsWith("done")) {
                throw new AssertionError("synthesis ended before the holder could be killed (" + row + "): make the series larger");
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no node claimed job " + id + " within 60 s");
    }
}
