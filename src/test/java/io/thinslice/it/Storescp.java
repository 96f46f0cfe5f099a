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

    static Storescp start(String aeTitle, int port, Path dir) throws Exception {
        return start(aeTitle, port, dir, new String[0]);
    }

    /** As {@link #start(String, int, Path)}, with more storescp options, e.g. {@code --sleep-during 120}. */
    static Storescp start(String aeTitle, int port, Path dir, String... options) throws Exception {
        Files.createDirectories(dir);
        List<String> command = new java.util.ArrayList<>(List.of("storescp", "-aet", aeTitle, "-od", dir.toString()));
        command.addAll(List.of(options));
        command.add(Integer.toString(port));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolveSibling(dir.getFileName() + "-storescp.log").toFile()).start();
        for (int i = 0; i < 100; i++) {
            if (!p.isAlive()) {
                fail("storescp exited with " + p.exitValue());
            }
            if (Tool.echoscu("PROBE", aeTitle, port).exitCode() == 0) {
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
