package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model's command line: {@code train} makes weights with their provenance, {@code synthesize} runs them,
 * and synthesis makes no network attempt: it runs inside a network namespace with no network at all
 * ({@code unshare -n}) and every connect() it makes is traced ({@code strace}).
 */
class ThreeViewCommandsIT {

    @TempDir
    Path tmp;

    @Test
    void trainThenSynthesizeOfflineWithoutAnyNetworkAttempt() throws Exception {
        Path weights = tmp.resolve("weights");
        Tool.Result train = Tool.cli("train", "--out", weights, "--study", "phantom", "--factors", 4, "--steps", 10, "--block-slices", 9,
                "--patch", 32).requireSuccess("train");
        assertTrue(train.output().contains("training: step 10/10"), "progress printed: " + train.output());
        String properties = Files.readString(weights.resolve("three-view.properties"));
        assertTrue(properties.contains("training.command=java -jar quarkus-run.jar train"), properties);
        assertTrue(properties.contains("training.data=phantom"), properties);

        // StoreRoundTripIT's small series: what is shown here (no network attempt, a valid derived series) does not
        // depend on the slice size, and the check and the adaptation steps cost less on small slices
        List<Path> thick = Studies.phantom(tmp.resolve("study"), StoreRoundTripIT.SMALL);
        Path trace = tmp.resolve("connect.trace");
        // --seccomp-bpf: only connect() stops the JVM for strace, not its every futex and read
        Tool.Result synth = Tool.run(Tool.cmd("unshare", "-n", "strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=connect", "-o", trace,
                "java", "-jar", Node.jar(), "synthesize", "--in", tmp.resolve("study/thick"), "--out", tmp.resolve("out"), "--weights", weights,
                "--method", "three-view", "--adapt-steps", 50), 300).requireSuccess("synthesize inside unshare -n");
        // synthesize adapts and guards by default, as the node does: the trace covers adaptation and the check too
        assertTrue(synth.output().contains("guard: {") && synth.output().contains("adaptation.steps=50"), synth.output());
        List<Path> derived = SynthesizeCommandIT.derivedFiles(tmp.resolve("out"));
        assertEquals(33, derived.size());
        DerivedSeriesAssertions.check(thick, derived, 4);
        assertEquals(List.of(), networkConnects(trace), "connect() calls to a network address during synthesis");
    }

    /** The tracing above does see network attempts: echoscu's connect to a loopback port shows up. */
    @Test
    void theTraceSeesANetworkAttempt() throws Exception {
        Path trace = tmp.resolve("echo.trace");
        Tool.run(Tool.cmd("unshare", "-n", "strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=connect", "-o", trace, "echoscu", "127.0.0.1", Ports.free()), 60);
        assertFalse(networkConnects(trace).isEmpty(), "echoscu's connect traced");
    }

    private static List<String> networkConnects(Path trace) throws Exception {
        return Files.readAllLines(trace).stream().filter(l -> l.contains("connect(") && (l.contains("AF_INET") || l.contains("AF_INET6"))).toList();
    }
}
