package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, taken from the README itself, starts the node from a fresh clone of this
 * repository (committed state, nothing built), and {@code echoscu} gets an answer. Ports and storage
 * are moved through environment variables so the test does not clash with a node already running.
 */
class ReadmeRunCommandIT {

    private static final Pattern RUN_BLOCK = Pattern.compile("Start the node.*?```sh\\n([^\\n]+)\\n```", Pattern.DOTALL);

    @TempDir
    Path tmp;

    @Test
    void runCommandStartsTheNodeFromAFreshClone() throws Exception {
        Matcher m = RUN_BLOCK.matcher(Files.readString(Path.of("README.md")));
        assertTrue(m.find(), "README has a 'Start the node' command block");
        String command = m.group(1).trim();

        Path clone = tmp.resolve("clone");
        Tool.run(Tool.cmd("git", "clone", "--quiet", "--no-hardlinks", Path.of("").toAbsolutePath().toUri().toString(), clone), 300)
                .requireSuccess("git clone");
        assertTrue(Files.notExists(clone.resolve("target")), "a fresh clone has nothing built");

        int dicomPort = Ports.free();
        int httpPort = Ports.free();
        Path log = tmp.resolve("run.log");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(clone.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("THINSLICE_DICOM_PORT", Integer.toString(dicomPort));
        pb.environment().put("THINSLICE_DICOM_BIND_ADDRESS", "127.0.0.1");
        pb.environment().put("THINSLICE_STORAGE_DIR", tmp.resolve("data").toString());
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        Process process = pb.start();
        try {
            // The command builds the jar first (Maven, dependencies already in the local repository here).
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
            Tool.Result echo = null;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    fail("'" + command + "' exited with " + process.exitValue() + ":\n" + Jobs.tail(Files.readString(log)));
                }
                echo = Tool.echoscu("ECHOSCU", "THINSLICE", dicomPort);
                if (echo.exitCode() == 0) {
                    break;
                }
                Thread.sleep(500);
            }
            assertTrue(echo != null && echo.exitCode() == 0, "echoscu answered by the node started with '" + command + "':\n"
                    + (echo == null ? "" : echo.output()) + "\n" + Jobs.tail(Files.readString(log)));
            assertEquals(0, echo.exitCode());
            assertTrue(Files.isDirectory(tmp.resolve("data")), "the node uses the storage folder it was given");
        } finally {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
