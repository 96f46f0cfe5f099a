package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Keycloak (Maven Central's keycloak-quarkus-dist, unpacked by the POM into target/keycloak) in dev mode with
 * the realm of src/test/resources/keycloak/thinslice-realm.json: realm roles thinslice-read, -write, -admin, and one
 * confidential client per kind of caller whose service account carries them (secret: client id + "-secret").
 */
final class Keycloak implements AutoCloseable {

    static final String REALM = "thinslice";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final int port;
    final Path log;
    final Duration startTime;
    private final Process process;

    private Keycloak(int port, Path log, Process process, Duration startTime) {
        this.port = port;
        this.log = log;
        this.process = process;
        this.startTime = startTime;
    }

    /** The realm's issuer URL, as quarkus.oidc.auth-server-url. */
    String issuer() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    String tokenUrl() {
        return issuer() + "/protocol/openid-connect/token";
    }

    static Keycloak start(Path dir) throws Exception {
        Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak-26.5.6"));
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            fail("Keycloak not found at " + home + " (mvn verify unpacks it in pre-integration-test)");
        }
        Path imports = home.resolve("data/import");
        Files.createDirectories(imports);
        Files.copy(Path.of("src/test/resources/keycloak/thinslice-realm.json"), imports.resolve("thinslice-realm.json"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(dir);
        int port = Ports.free();
        Path log = dir.resolve("keycloak.log");
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev", "--import-realm", "--db=dev-mem",
                "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + Ports.free()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // Keycloak 26 wants JDK 21 or newer; the suite's JDK is 17, and CI machines have Temurin 25 beside it.
        Path jdk = Path.of(System.getProperty("keycloak.java.home", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        if (Files.isExecutable(jdk.resolve("bin/java"))) {
            pb.environment().put("JAVA_HOME", jdk.toString());
        }
        pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        // A server that lives a few minutes: C2's compiling would compete with the nodes for the CI machine's 2 cores (C1
        // alone started it markedly sooner in back-to-back trials on such a machine).
        pb.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
        long t0 = System.nanoTime();
        Process p = pb.start();
        Keycloak kc = new Keycloak(port, log, p, null);
        long deadline = t0 + TimeUnit.SECONDS.toNanos(400);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("Keycloak exited with " + p.exitValue() + ":\n" + Jobs.tail(Files.readString(log)));
            }
            try {
                if (kc.get("/realms/" + REALM + "/.well-known/openid-configuration").statusCode() == 200) {
                    Duration took = Duration.ofNanos(System.nanoTime() - t0);
                    System.out.println("Keycloak ready in " + took.toMillis() + " ms");
                    return new Keycloak(port, log, p, took);
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        kc.close();
        throw new AssertionError("Keycloak not ready after 400 s:\n" + Jobs.tail(Files.readString(log)));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An access token for {@code client} by the client credentials grant. */
    String token(String client) throws Exception {
        String auth = Base64.getEncoder().encodeToString((client + ":" + client + "-secret").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(tokenUrl())).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("no token for " + client + ": " + r.statusCode() + " " + r.body());
        }
        return Jobs.JSON.readTree(r.body()).path("access_token").asText();
    }

    /** The {@code exp} claim of a JWT, in epoch seconds. */
    static long expiry(String jwt) throws IOException {
        JsonNode claims = Jobs.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        return claims.path("exp").asLong();
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
