package io.thinslice.it;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged ThinSlice node, started as a user starts it: {@code java -jar quarkus-run.jar} with settings. */
final class Node implements AutoCloseable {

    static final String AE = "THINSLICE";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Path storage;
    final int dicomPort;
    final int httpPort;
    private final Map<String, String> settings;
    private final Path log;
    private Process process;

    private Node(Path storage, Map<String, String> settings) {
        this.storage = storage;
        this.settings = settings;
        this.dicomPort = Integer.parseInt(settings.get("thinslice.dicom.port"));
        this.httpPort = Integer.parseInt(settings.get("quarkus.http.port"));
        // Nodes of a cluster share one storage folder: each its own log, by its name.
        String name = settings.get("thinslice.node.name");
        this.log = storage.resolveSibling(storage.getFileName() + (name == null ? "" : "-" + name) + "-node.log");
    }

    static String jar() {
        String jar = System.getProperty("thinslice.jar", "target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(Path.of(jar))) {
            fail("packaged node not found at " + jar + " (run through mvn verify)");
        }
        return jar;
    }

    /** Starts a node with fresh ports; {@code extra} are thinslice.* settings (key=value pairs). */
    static Node start(Path storage, String... extra) throws Exception {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("thinslice.storage.dir", storage.toString());
        s.put("thinslice.dicom.port", Integer.toString(Ports.free()));
        s.put("thinslice.dicom.bind-address", "127.0.0.1");
        s.put("quarkus.http.port", Integer.toString(Ports.free()));
        s.put("quarkus.http.host", "127.0.0.1");
        s.put("thinslice.series.stable-seconds", "2");
        // Adaptation still runs, briefly: the default step count per series would add minutes to the suite.
        s.put("thinslice.synthesis.adapt-steps", "10");
        // Test series are a few MiB: the production watermark (1G) would refuse every instance on a CI machine with
        // little free disk; DiskFullIT sets its own.
        s.put("thinslice.storage.min-free", "64M");
        // Test series are small (3 to 9 slices, to keep the suite fast): the default thinslice.select.min-slices (8, for
        // a PACS that sends every CT series) would ignore many of them. 3 is the least synthesis needs; a test of the
        // selection defaults passes null to get the node's own.
        s.put("thinslice.select.min-slices", "3");
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                s.remove(extra[i]); // the node's embedded default
            } else {
                s.put(extra[i], extra[i + 1]);
            }
        }
        Node node = new Node(storage, s);
        node.launch();
        return node;
    }

    /** The value of a setting this node was started with (null: the embedded default). */
    String setting(String key) {
        return settings.get(key);
    }

    /** Same storage and ports, other settings merged in (restart after a stop or kill). */
    Node restart(String... changes) throws Exception {
        Map<String, String> s = new LinkedHashMap<>(settings);
        for (int i = 0; i < changes.length; i += 2) {
            s.put(changes[i], changes[i + 1]);
        }
        Node node = new Node(storage, s);
        node.launch();
        return node;
    }

    private void launch() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx1g"));
        settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar()));
        Files.createDirectories(storage.getParent());
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("node exited with " + process.exitValue() + " during start:\n" + logText());
            }
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        fail("node not ready after 60 s:\n" + logText());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(10))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request without a body, e.g. {@code POST /api/jobs/{id}/retry} or {@code DELETE /api/jobs/{id}}. */
    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return HTTP.send(authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(10)))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * For a node secured by OIDC (SecuredNodeIT): where {@link #get} and {@link #send} take the bearer token they send;
     * null: they send none.
     */
    volatile java.util.concurrent.Callable<String> bearer;

    private HttpRequest.Builder authorized(HttpRequest.Builder request) throws IOException {
        java.util.concurrent.Callable<String> b = bearer;
        if (b != null) {
            try {
                request.header("Authorization", "Bearer " + b.call());
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("no bearer token: " + e, e);
            }
        }
        return request;
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The node process's peak resident set size so far, in KiB ({@code VmHWM} in {@code /proc/<pid>/status}, Linux);
     * -1 where that file cannot be read.
     */
    long peakRssKib() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                    .filter(l -> l.startsWith("VmHWM:")).mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /** SIGTERM, as {@code docker stop} or systemd sends it; returns how long the node took to exit (fails after {@code seconds}). */
    Duration terminate(int seconds) throws InterruptedException {
        long t0 = System.nanoTime();
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("node still running " + seconds + " s after SIGTERM:\n" + logText());
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * The received and derived files of a series on this node's disk, as "folder/name:size", sorted: equal lists mean
     * nothing of the series was lost or rewritten.
     */
    List<String> seriesFiles(String seriesUid, String derivedSeriesUid) throws IOException {
        List<String> all = new java.util.ArrayList<>();
        for (Path dir : List.of(storage.resolve("series").resolve(seriesUid), storage.resolve("derived").resolve(derivedSeriesUid))) {
            try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                s.forEach(f -> all.add(dir.getFileName() + "/" + f.getFileName() + ":" + f.toFile().length()));
            }
        }
        all.sort(null);
        return all;
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
