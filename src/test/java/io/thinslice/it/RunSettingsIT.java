package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Settings reach the node each way the README names, through its start command {@code ./thinslice run}: {@code -D}
 * words after {@code run}, environment variables, and {@code config/application.properties} in the working
 * directory. A misspelt {@code thinslice.*} name or a bad value stops the start, naming the setting. Each node runs
 * from a temporary working directory, on free loopback ports, with its storage there; the packaged jar must exist
 * (mvn verify builds it first), so the script starts it without building. The nodes synthesise linearly, set the same way
 * as the rest: none derives a series, and the learned method would only load its engine at the start (ReadmeRunCommandIT
 * starts one with the embedded defaults).
 */
class RunSettingsIT {

    private static final Path SCRIPT = Path.of("thinslice").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    @Test
    void dashDSettingsAfterRun() throws Exception {
        int dicom = Ports.free();
        int http = Ports.free();
        Path data = tmp.resolve("data");
        try (Run node = new Run(tmp, List.of("-Dthinslice.dicom.port=" + dicom, "-Dthinslice.dicom.bind-address=127.0.0.1",
                "-Dquarkus.http.port=" + http, "-Dquarkus.http.host=127.0.0.1", "-Dthinslice.storage.dir=" + data,
                "-Dthinslice.synthesis.method=linear"), Map.of())) {
            node.assertServes(dicom, http, data);
            // glibc's allocator settings the launcher gives the node when the caller sets none. glibc cuts GLIBC_TUNABLES
            // up in place as it reads it at start, so the node's environment block shows the first setting only (all
            // three are applied: `GLIBC_TUNABLES=... /lib64/ld-linux-x86-64.so.2 --list-tunables` lists them).
            assertEquals("glibc.malloc.mmap_threshold=33554432", node.environment("GLIBC_TUNABLES"));
        }
    }

    @Test
    void environmentVariables() throws Exception {
        int dicom = Ports.free();
        int http = Ports.free();
        Path data = tmp.resolve("data");
        try (Run node = new Run(tmp, List.of(), Map.of("THINSLICE_DICOM_PORT", Integer.toString(dicom), "THINSLICE_DICOM_BIND_ADDRESS", "127.0.0.1",
                "QUARKUS_HTTP_PORT", Integer.toString(http), "QUARKUS_HTTP_HOST", "127.0.0.1", "THINSLICE_STORAGE_DIR", data.toString(),
                "THINSLICE_SYNTHESIS_METHOD", "linear", "GLIBC_TUNABLES", "glibc.malloc.arena_max=2"))) {
            node.assertServes(dicom, http, data);
            assertEquals("glibc.malloc.arena_max=2", node.environment("GLIBC_TUNABLES"), "the caller's allocator settings are kept");
        }
    }

    @Test
    void propertiesFileInTheWorkingDirectory() throws Exception {
        int dicom = Ports.free();
        int http = Ports.free();
        Path data = tmp.resolve("data");
        Files.createDirectories(tmp.resolve("config"));
        Files.writeString(tmp.resolve("config/application.properties"), String.join("\n", "thinslice.dicom.port=" + dicom,
                "thinslice.dicom.bind-address=127.0.0.1", "quarkus.http.port=" + http, "quarkus.http.host=127.0.0.1",
                "thinslice.storage.dir=" + data, "thinslice.synthesis.method=linear", ""));
        try (Run node = new Run(tmp, List.of(), Map.of())) {
            node.assertServes(dicom, http, data);
        }
    }

    /** What is wrong, given which way, and the name the refusal must carry. */
    static Stream<Arguments> refusedSettings() {
        return Stream.of(
                Arguments.of("misspelt -D", List.of("-Dthinslice.dicom.prot=1"), Map.of(), null, "thinslice.dicom.prot"),
                Arguments.of("misspelt environment variable", List.of(), Map.of("THINSLICE_DICOM_PROTR", "1"), null, "THINSLICE_DICOM_PROTR"),
                Arguments.of("misspelt in the properties file", List.of(), Map.of(), "thinslice.dicom.prot=1\n", "thinslice.dicom.prot"),
                Arguments.of("not a number", List.of("-Dthinslice.dicom.port=abc"), Map.of(), null, "thinslice.dicom.port"),
                Arguments.of("negative factor", List.of("-Dthinslice.synthesis.factor=-2"), Map.of(), null, "thinslice.synthesis.factor"),
                Arguments.of("STOW-RS limit over the HTTP body limit", List.of("-Dthinslice.limits.stow-max-request-size=5G"), Map.of(), null,
                        "thinslice.limits.stow-max-request-size"),
                Arguments.of("network without authentication", List.of("-Dquarkus.http.host=0.0.0.0"), Map.of(), null,
                        "thinslice.http.unauthenticated-network-access"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedSettings")
    void badSettingStopsTheStart(String what, List<String> args, Map<String, String> env, String file, String name) throws Exception {
        if (file != null) {
            Files.createDirectories(tmp.resolve("config"));
            Files.writeString(tmp.resolve("config/application.properties"), file);
        }
        // Valid ports and storage too, so that a node which wrongly starts stays off 11112/8080 and out of the repository.
        List<String> all = new ArrayList<>(List.of("-Dthinslice.dicom.port=" + Ports.free(), "-Dthinslice.dicom.bind-address=127.0.0.1",
                "-Dquarkus.http.port=" + Ports.free(), "-Dquarkus.http.host=127.0.0.1", "-Dthinslice.storage.dir=" + tmp.resolve("data"),
                "-Dthinslice.synthesis.method=linear"));
        all.addAll(args); // later -D words win
        try (Run node = new Run(tmp, all, env)) {
            if (!node.process.waitFor(90, TimeUnit.SECONDS)) {
                fail(what + ": the node still runs after 90 s:\n" + Jobs.tail(node.log()));
            }
            assertNotEquals(0, node.process.exitValue(), what + ": exit status\n" + Jobs.tail(node.log()));
            assertTrue(node.log().contains(name), what + ": the refusal names " + name + ":\n" + Jobs.tail(node.log()));
        }
    }

    /** {@code ./thinslice run args...} in {@code dir}, with {@code env} added to this environment. */
    private static final class Run implements AutoCloseable {
        final Process process;
        private final Path log;

        Run(Path dir, List<String> args, Map<String, String> env) throws IOException {
            Node.jar(); // fails clearly when the package phase has not run
            List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString(), "run"));
            cmd.addAll(args);
            log = dir.resolve("run-" + System.nanoTime() + ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            // Only the settings this test gives: the surrounding environment must not carry THINSLICE_* of its own.
            pb.environment().keySet().removeIf(k -> k.toUpperCase().startsWith("THINSLICE_") || k.toUpperCase().startsWith("QUARKUS_"));
            pb.environment().put("JAVA_OPTS", "-Xmx1g");
            pb.environment().remove("GLIBC_TUNABLES");
            pb.environment().putAll(env);
            process = pb.start();
        }

        String log() throws IOException {
            return Files.readString(log);
        }

        /** A variable of the node's own environment (the script execs java, so the process is the node); "" if unset. */
        String environment(String name) throws IOException {
            for (String entry : Files.readString(Path.of("/proc", Long.toString(process.pid()), "environ")).split("\0")) {
                if (entry.startsWith(name + "=")) {
                    return entry.substring(name.length() + 1);
                }
            }
            return "";
        }

        /** The node answers C-ECHO on {@code dicom}, is ready on {@code http} and keeps its data in {@code data}. */
        void assertServes(int dicom, int http, Path data) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            int status = -1;
            while (status != 200) {
                if (!process.isAlive()) {
                    fail("the node exited with " + process.exitValue() + " during start:\n" + Jobs.tail(log()));
                }
                if (System.nanoTime() > deadline) {
                    fail("the node was not ready on HTTP port " + http + " after 120 s:\n" + Jobs.tail(log()));
                }
                try {
                    status = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException e) {
                    status = -1; // not listening yet
                }
                if (status != 200) {
                    Thread.sleep(250);
                }
            }
            Tool.Result echo = Tool.echoscu("ECHOSCU", Node.AE, dicom);
            assertEquals(0, echo.exitCode(), "C-ECHO on port " + dicom + ":\n" + echo.output() + "\n" + Jobs.tail(log()));
            assertTrue(Files.isDirectory(data), "the node keeps its data in " + data);
        }

        @Override
        public void close() throws InterruptedException {
            // The script execs java, but stop anything it may still have running too.
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
