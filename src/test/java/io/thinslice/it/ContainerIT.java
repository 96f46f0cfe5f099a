package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's container image as an operator gets it: built by {@code deploy/build-images.sh} with podman from
 * deploy/Dockerfile (a Debian base made by mmdebstrap, no registry), run with published ports on the host's loopback
 * and a named volume. It becomes healthy by its own HEALTHCHECK, runs as its non-root user, answers C-ECHO from the
 * host, and derives a phantom series that storescu sends it, exporting it to a storescp on the host.
 *
 * <p>The test removes the container, its volume and the node image it built; the base image
 * (localhost/thinslice-base:bookworm) stays, as an operator's would, so that a second build is quick.
 */
class ContainerIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Path DEPLOY = Path.of("deploy").toAbsolutePath();
    /** The settings build-images.sh uses; podman run needs them too on this kind of machine (see the file). */
    private static final Path CONTAINERS_CONF = DEPLOY.resolve("containers.conf");

    @TempDir
    Path tmp;

    @Test
    void imageBuiltByTheScriptRunsAnswersEchoAndDerivesAPhantomSeries() throws Exception {
        requirePodman();
        String name = "thinslice-it-" + UUID.randomUUID().toString().substring(0, 8);
        String image = "localhost/thinslice:" + name;
        List<Path> thick = Studies.phantom(tmp.resolve("study"), "--rows", 64, "--columns", 64);
        assertEquals(9, thick.size());
        try {
            build(image);
            try (Storescp pacs = Storescp.start("PACS", Ports.free(), tmp.resolve("pacs"))) {
                int dicomPort = Ports.free();
                int httpPort = Ports.free();
                podman(60, "volume", "create", name).requireSuccess("podman volume create");
                podman(120, "run", "-d", "--name", name,
                        "-p", "127.0.0.1:" + dicomPort + ":11112", "-p", "127.0.0.1:" + httpPort + ":8080",
                        "-v", name + ":/var/lib/thinslice",
                        // 8080 is published on the host's loopback only (the image's documented way without OIDC)
                        "-e", "THINSLICE_HTTP_UNAUTHENTICATED_NETWORK_ACCESS=true",
                        // the container reaches the host's storescp through podman's name for the host
                        "-e", "THINSLICE_EXPORT_DESTINATIONS=PACS@host.containers.internal:" + pacs.port,
                        "-e", "THINSLICE_SERIES_STABLE_SECONDS=2",
                        "-e", "THINSLICE_SYNTHESIS_METHOD=linear",
                        "-e", "THINSLICE_STORAGE_MIN_FREE=64M",
                        "-e", "JAVA_OPTS=-Xmx1g -Dai.djl.pytorch.num_threads=1 -Djava.awt.headless=true",
                        image).requireSuccess("podman run");

                awaitHealthy(name, 180);
                assertEquals("10001", podman(30, "exec", name, "id", "-u").requireSuccess("podman exec id").output().strip(),
                        "the node runs as the image's non-root user");
                Tool.echoscu("ECHOSCU", Node.AE, dicomPort).requireSuccess("C-ECHO to the published DICOM port");

                Tool.storescu("CTSCANNER", Node.AE, dicomPort, thick).requireSuccess("storescu to the published DICOM port");
                String series = Studies.seriesUid(thick.get(0));
                JsonNode job = awaitFinalJob(name, httpPort, series, 240);
                assertEquals("done", job.path("state").asText(), job.toString());
                assertEquals(33, job.path("derivedInstances").asInt(), job.toString());
                assertEquals("done", job.path("exports").get(0).path("state").asText(), job.toString());

                List<Path> received = pacs.awaitFiles(33, 60);
                DerivedSeriesAssertions.check(thick, received, 4);
                assertEquals(job.path("derivedSeriesInstanceUid").asText(), Studies.seriesUid(received.get(0)));
            }
        } finally {
            podman(60, "rm", "-f", "-t", "5", name);
            podman(60, "volume", "rm", "-f", name);
            podman(60, "rmi", "-f", image);
        }
    }

    private static void requirePodman() {
        try {
            new ProcessBuilder("podman", "--version").redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            fail("podman not found: this test builds and runs the node's image with it (apt-get install podman mmdebstrap runc;"
                    + " ./thinslice test installs them): " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** deploy/build-images.sh node, as an operator runs it, under another image name. */
    private void build(String image) throws Exception {
        Path log = tmp.resolve("build-images.log");
        ProcessBuilder pb = new ProcessBuilder(DEPLOY.resolve("build-images.sh").toString(), "node")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("THINSLICE_IMAGE", image);
        pb.environment().put("CONTAINERS_CONF", CONTAINERS_CONF.toString());
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("deploy/build-images.sh did not finish in 15 min:\n" + Jobs.tail(Files.readString(log)));
        }
        String output = Files.readString(log);
        System.out.println(output);
        if (p.exitValue() != 0) {
            fail("deploy/build-images.sh exited with " + p.exitValue() + ":\n" + Jobs.tail(output));
        }
    }

    /** Polls the image's own HEALTHCHECK (podman runs it on request: no systemd timer here). */
    private static void awaitHealthy(String container, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Tool.Result last = null;
        while (System.nanoTime() < deadline) {
            String state = podman(30, "inspect", "--format", "{{.State.Status}}", container).output().strip();
            if (!state.equals("running") && !state.equals("created")) {
                fail("container " + state + " during start:\n" + logs(container));
            }
            last = podman(60, "healthcheck", "run", container);
            if (last.exitCode() == 0) {
                return;
            }
            Thread.sleep(1000);
        }
        fail("container not healthy after " + seconds + " s (last check: " + last + "):\n" + logs(container));
    }

    private static JsonNode awaitFinalJob(String container, int httpPort, String seriesUid, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/jobs"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), "GET /api/jobs on the published HTTP port: " + r.body());
            for (JsonNode j : Jobs.JSON.readTree(r.body())) {
                if (seriesUid.equals(j.path("seriesInstanceUid").asText())) {
                    last = j;
                }
            }
            if (last != null && List.of("done", "failed", "ignored").contains(last.path("state").asText())) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("job of series " + seriesUid + " not final in " + seconds + " s; last: " + last + "\n" + logs(container));
    }

    private static String logs(String container) {
        return Jobs.tail(podman(60, "logs", container).output());
    }

    private static Tool.Result podman(int timeoutSeconds, Object... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        for (Object a : args) {
            command.add(a.toString());
        }
        try {
            // output to a file, not a pipe: a podman that hangs must not block the test beyond the timeout
            Path out = Files.createTempFile("podman", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
                pb.environment().put("CONTAINERS_CONF", CONTAINERS_CONF.toString());
                Process p = pb.start();
                p.getOutputStream().close();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
                }
                return new Tool.Result(p.exitValue(), Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run podman: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
