package io.thinslice.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Reads jobs through the node's admin API. */
final class Jobs {

    static final ObjectMapper JSON = new ObjectMapper();

    private Jobs() {
    }

    static List<JsonNode> list(Node node) throws Exception {
        HttpResponse<String> r = node.get("/api/jobs");
        if (r.statusCode() != 200) {
            throw new AssertionError("GET /api/jobs: " + r.statusCode() + " " + r.body());
        }
        List<JsonNode> jobs = new ArrayList<>();
        JSON.readTree(r.body()).forEach(jobs::add);
        return jobs;
    }

    static JsonNode bySeries(Node node, String seriesUid) throws Exception {
        return list(node).stream().filter(j -> seriesUid.equals(j.path("seriesInstanceUid").asText())).findFirst().orElse(null);
    }

    /** Waits for the job of {@code seriesUid} to satisfy {@code condition}; returns it. */
    static JsonNode await(Node node, String seriesUid, Predicate<JsonNode> condition, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = bySeries(node, seriesUid);
            if (last != null && condition.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job of series " + seriesUid + " did not reach the expected state in " + seconds + " s; last: " + last
                + "\nnode log:\n" + tail(node.logText()));
    }

    /** Waits until the job is final (done, failed or ignored). */
    static JsonNode awaitFinal(Node node, String seriesUid, int seconds) throws Exception {
        return await(node, seriesUid, j -> List.of("done", "failed", "ignored").contains(j.path("state").asText()), seconds);
    }

    static String tail(String log) {
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }
}
