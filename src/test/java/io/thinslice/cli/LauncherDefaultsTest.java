package io.thinslice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code ./thinslice run} adds to the node's start, through the subcommands that print it from the same code in
 * the script: the heap ceiling ({@code jvm-defaults}: 1536 MiB unless the caller sets one on the command line or in
 * JAVA_OPTS) and glibc's allocator settings ({@code malloc-tunables}: GLIBC_TUNABLES unless the caller sets their own).
 */
class LauncherDefaultsTest {

    private static String launcher(String subcommand, Map<String, String> env, String... words) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of("thinslice").toAbsolutePath().toString(), subcommand));
        cmd.addAll(List.of(words));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("GLIBC_TUNABLES");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void capsTheHeapUnlessTheCallerSetsIt() throws Exception {
        assertEquals("-Xmx1536m", launcher("jvm-defaults", Map.of()));
        assertEquals("-Xmx1536m", launcher("jvm-defaults", Map.of(), "-Dthinslice.dicom.port=11999", "-XX:+UseSerialGC"));
        assertEquals("", launcher("jvm-defaults", Map.of(), "-Xmx4g"));
        assertEquals("", launcher("jvm-defaults", Map.of(), "-XX:MaxRAMPercentage=50"));
        assertEquals("", launcher("jvm-defaults", Map.of("JAVA_OPTS", "-Xms1g -Xmx2g")));
        assertEquals("-Xmx1536m", launcher("jvm-defaults", Map.of("JAVA_OPTS", "-Xms1g")));
    }

    @Test
    void keepsFreedMemoryInTheProcessUnlessTheCallerSaysOtherwise() throws Exception {
        String ours = launcher("malloc-tunables", Map.of());
        assertTrue(ours.contains("glibc.malloc.mmap_threshold=33554432"), ours);
        assertTrue(ours.contains("glibc.malloc.trim_threshold=1073741824"), ours);
        assertEquals("glibc.malloc.arena_max=2", launcher("malloc-tunables", Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=2")));
    }

    @Test
    void glibcAppliesEveryAllocatorSetting() throws Exception {
        // A misspelt tunable is ignored without a word; the dynamic loader lists what it applied.
        ProcessBuilder pb = new ProcessBuilder("/lib64/ld-linux-x86-64.so.2", "--list-tunables").redirectErrorStream(true);
        pb.environment().put("GLIBC_TUNABLES", launcher("malloc-tunables", Map.of()));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("glibc.malloc.mmap_threshold: 0x2000000 "), out);
        assertTrue(out.contains("glibc.malloc.trim_threshold: 0x40000000 "), out);
        assertTrue(out.contains("glibc.malloc.top_pad: 0x4000000 "), out);
    }

    @Test
    void theContainerImageSetsTheSameAllocatorSettings() throws Exception {
        String dockerfile = Files.readString(Path.of("deploy/Dockerfile"));
        assertTrue(dockerfile.contains("GLIBC_TUNABLES=" + launcher("malloc-tunables", Map.of()) + "\n"),
                "deploy/Dockerfile sets GLIBC_TUNABLES as the launcher does");
    }
}
