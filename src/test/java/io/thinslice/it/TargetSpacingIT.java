package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code thinslice.synthesis.target-spacing} 1 mm on one node running its default method (three-view, guarded and
 * adapted, Node's short adaptation): series at 2, 3, 5 and 6 mm come back ×2, ×3, ×5, ×6 (slice count, positions
 * exactly spacing/f apart along the normal, acquired slices bit for bit, every instance through dciodvfy), the job
 * says the factor used, and a 0.8 mm series is ignored with a reason that names its spacing.
 */
class TargetSpacingIT {

    @TempDir
    Path tmp;

    @Test
    void eachSeriesIsRefinedToTheTargetSpacingByItsOwnFactor() throws Exception {
        // 8 thick slices each: --thin-slices 7f + 1 at 1 mm thin spacing gives thick slices f mm apart.
        Map<Integer, List<Path>> sent = new LinkedHashMap<>();
        for (int f : new int[] {2, 3, 5, 6}) {
            sent.put(f, Studies.phantom(tmp.resolve("x" + f), "--name", "spacing" + f, "--seed", 100 + f, "--rows", 32, "--columns", 32,
                    "--factor", f, "--thin-spacing", 1, "--thin-slices", 7 * f + 1));
        }
        List<Path> fine = Studies.phantom(tmp.resolve("fine"), "--name", "spacing08", "--seed", 99, "--rows", 32, "--columns", 32,
                "--factor", 2, "--thin-spacing", 0.4, "--thin-slices", 17);
        Node node = Node.start(tmp.resolve("node"), "thinslice.synthesis.target-spacing", "1");
        try {
            // the 0.8 mm series first: one worker takes series in turn, and this one is decided before any pixel is read
            Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, fine).requireSuccess("storescu");
            for (List<Path> series : sent.values()) {
                Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, series).requireSuccess("storescu");
            }

            JsonNode ignored = Jobs.awaitFinal(node, Studies.seriesUid(fine.get(0)), 120);
            assertEquals("ignored", ignored.path("state").asText(), ignored.toString());
            assertTrue(ignored.path("reason").asText().contains("spacing"), ignored.toString());

            for (Map.Entry<Integer, List<Path>> e : sent.entrySet()) {
                int f = e.getKey();
                assertEquals(8, e.getValue().size());
                JsonNode job = Jobs.awaitFinal(node, Studies.seriesUid(e.getValue().get(0)), 300);
                assertEquals("done", job.path("state").asText(), job.toString());
                assertEquals(f, job.path("factor").asInt(), "the job says the factor used: " + job);
                assertEquals(7 * f + 1, job.path("derivedInstances").asInt(), job.toString());
                DerivedSeriesAssertions.check(e.getValue(), derived(node, job), f);
            }
        } finally {
            node.close();
        }
    }

    private static List<Path> derived(Node node, JsonNode job) throws Exception {
        Path dir = node.storage.resolve("derived").resolve(job.path("derivedSeriesInstanceUid").asText());
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList());
        }
    }
}
