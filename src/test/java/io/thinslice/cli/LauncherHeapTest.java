package io.thinslice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The heap ceiling {@code ./thinslice run} gives the node: 1536 MiB unless the caller sets one on the command line or in
 * JAVA_OPTS ({@code run} and {@code jvm-defaults} share one function in the script).
 */
class LauncherHeapTest {

    private static String defaults(Map<String, String> env, String... words) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of("thinslice").toAbsolutePath().toString(), "jvm-defaults"));
        cmd.addAll(List.of(words));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void capsTheHeapUnlessTheCallerSetsIt() throws Exception {
        assertEquals("-Xmx1536m", defaults(Map.of()));
        assertEquals("-Xmx1536m", defaults(Map.of(), "-Dthinslice.dicom.port=11999", "-XX:+UseSerialGC"));
        assertEquals("", defaults(Map.of(), "-Xmx4g"));
        assertEquals("", defaults(Map.of(), "-XX:MaxRAMPercentage=50"));
        assertEquals("", defaults(Map.of("JAVA_OPTS", "-Xms1g -Xmx2g")));
        assertEquals("-Xmx1536m", defaults(Map.of("JAVA_OPTS", "-Xms1g")));
    }
}
