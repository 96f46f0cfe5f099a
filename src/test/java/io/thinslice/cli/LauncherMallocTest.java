package io.thinslice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The allocator settings {@code ./thinslice run} gives the node (GLIBC_TUNABLES), unless the caller sets their own;
 * {@code malloc-tunables} prints what {@code run} would use, from the same variable in the script.
 */
class LauncherMallocTest {

    private static String tunables(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", Path.of("thinslice").toAbsolutePath().toString(), "malloc-tunables"))
                .redirectErrorStream(true);
        pb.environment().remove("GLIBC_TUNABLES");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void keepsFreedMemoryInTheProcessUnlessTheCallerSaysOtherwise() throws Exception {
        String ours = tunables(Map.of());
        assertTrue(ours.contains("glibc.malloc.mmap_threshold=33554432"), ours);
        assertTrue(ours.contains("glibc.malloc.trim_threshold=1073741824"), ours);
        assertEquals("glibc.malloc.arena_max=2", tunables(Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=2")));
    }

    @Test
    void theContainerImageSetsTheSame() throws Exception {
        String dockerfile = java.nio.file.Files.readString(Path.of("deploy/Dockerfile"));
        assertTrue(dockerfile.contains("GLIBC_TUNABLES=" + tunables(Map.of()) + "\n"), "deploy/Dockerfile sets GLIBC_TUNABLES as the launcher does");
    }
}
