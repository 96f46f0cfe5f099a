package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A dcmtk storescp destination writing what it receives into a folder. */
final class Storescp implements AutoCloseable {

    final int port;
    final String aeTitle;
    final Path dir;
    private final Process process;

    private Storescp(String aeTitle, int port, Path dir, Process process) {
        this.aeTitle = aeTitle;
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** @param options further storescp options, e.g. {@code -uf} (a file per received instance, so a second delivery shows) */
    static Storescp start(String aeTitle, int port, Path dir, String... options) throws Exception {
        return start(aeTitle, port, dir, List.of(), options);
    }

    /**
     * @param echoOptions options for the echoscu that checks storescp is up, e.g. {@code +tls key cert +cf ca} when
     *                    {@code options} make it a TLS SCP
     */
    static Storescp start(String aeTitle, int port, Path dir, List<Object> echoOptions, String... options) throws Exception {
        Files.createDirectories(dir);
        List<String> cmd = new java.util.ArrayList<>(List.of("storescp", "-aet", aeTitle, "-od", dir.toString()));
        cmd.addAll(List.of(options));
        cmd.add(Integer.toString(port));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(dir.resolveSibling(dir.getFileName() + "-storescp.log").toFile()).start();
        for (int i = 0; i < 100; i++) {
            if (!p.isAlive()) {
                fail("storescp exited with " + p.exitValue());
            }
            if (Tool.run(Tool.cmd("echoscu", echoOptions, "-aet", "PROBE", "-aec", aeTitle, "127.0.0.1", port), 30).exitCode() == 0) {
                return new Storescp(aeTitle, port, dir, p);
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("storescp did not answer C-ECHO on " + port);
    }

    String destination() {
        return aeTitle + "@127.0.0.1:" + port;
    }

    List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Waits until {@code count} files have arrived. */
    List<Path> awaitFiles(int count, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (files().size() >= count) {
                Thread.sleep(300); // let storescp finish writing the last file
                return files();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("storescp received " + files().size() + " of " + count + " files in " + seconds + " s");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
