package io.thinslice.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command-line peer (dcmtk, dicom3tools, the node's own CLI) to completion. */
final class Tool {

    /** Exit code and combined output. */
    record Result(int exitCode, String output) {
        Result requireSuccess(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " exited with " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    private Tool() {
    }

    static Result run(List<String> command) {
        return run(command, 120);
    }

    static Result run(List<String> command, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + " (is it installed? the README's test command installs it): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static List<String> cmd(Object... parts) {
        List<String> list = new ArrayList<>();
        for (Object o : parts) {
            if (o instanceof List<?> l) {
                l.forEach(x -> list.add(x.toString()));
            } else {
                list.add(o.toString());
            }
        }
        return list;
    }

    /** dcmtk storescu of the given files to an SCP. */
    static Result storescu(String callingAe, String calledAe, int port, List<Path> files) {
        return run(cmd("storescu", "-aet", callingAe, "-aec", calledAe, "127.0.0.1", port, files));
    }

    static Result echoscu(String callingAe, String calledAe, int port) {
        return run(cmd("echoscu", "-aet", callingAe, "-aec", calledAe, "127.0.0.1", port), 30);
    }

    /** The node's own command line, from the packaged jar. */
    static Result cli(Object... args) {
        return run(cmd("java", "-jar", Node.jar(), List.of(args)), 300);
    }

    /** dicom3tools' IOD validator: the lines that report an error. */
    static List<String> dciodvfyErrors(Path file) {
        Result r = run(cmd("dciodvfy", file), 60);
        return r.output().lines().filter(l -> l.startsWith("Error")).toList();
    }
}
