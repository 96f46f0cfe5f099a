package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node behind OpenID Connect: one real Keycloak (realm src/test/resources/keycloak) secures two nodes. Every
 * HTTP door answers 401 without a token or with a bad or expired one, 403 with a token that lacks the door's role, and
 * serves the right token; Orthanc's DICOMweb client, given the token as a header, queries and retrieves; the first
 * node exports its derived series by STOW-RS to the second with a client-credentials token, while the second, with a
 * wrong client secret, fails its export naming why.
 */
class SecuredNodeIT {

    /** The phantom: 9 thick slices, factor 4: (9 − 1) · 4 + 1 derived instances. */
    private static final int DERIVED = (9 - 1) * 4 + 1;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, String[]> TOKENS = new HashMap<>();

    @TempDir
    static Path tmp;
    static Keycloak keycloak;
    /** Exports to {@link #peer} with the right client secret; /q/metrics needs thinslice-admin. */
    static Node node;
    /** Exports to {@link #node} with a wrong client secret; HTTP host left at its default. */
    static Node peer;
    /** rsyslog, the audit record repository of {@link #node}. */
    static AuditRepository repository;
    static String expired;
    static JsonNode job;
    static List<Path> peerThick;

    @BeforeAll
    static void start() throws Exception {
        keycloak = Keycloak.start(tmp.resolve("keycloak"));
        expired = keycloak.token("short-lived"); // lives 2 s: expired long before the first door is tried
        int nodeHttp = Ports.free();
        peer = Node.start(tmp.resolve("peer"), "quarkus.oidc.auth-server-url", keycloak.issuer(), "quarkus.http.host", null,
                "thinslice.export.dicomweb", "http://127.0.0.1:" + nodeHttp + "/dicom-web|client-credentials",
                "thinslice.export.oauth-token-url", keycloak.tokenUrl(), "thinslice.export.oauth-client-id", "exporter",
                "thinslice.export.oauth-client-secret", "not-the-secret",
                "thinslice.export.max-attempts", "2", "thinslice.export.initial-backoff", "1s", "thinslice.synthesis.method", "linear");
        peer.bearer = () -> token("reader");
        repository = AuditRepository.start(tmp.resolve("audit"));
        List<String> settings = new ArrayList<>(repository.nodeSettings());
        settings.addAll(List.of("quarkus.http.port", Integer.toString(nodeHttp), "quarkus.oidc.auth-server-url", keycloak.issuer(),
                "thinslice.export.dicomweb", "http://127.0.0.1:" + peer.httpPort + "/dicom-web|client-credentials",
                "thinslice.export.oauth-token-url", keycloak.tokenUrl(), "thinslice.export.oauth-client-id", "exporter",
                "thinslice.export.oauth-client-secret", "exporter-secret", "thinslice.http.metrics-access", "thinslice-admin",
                // What derives the series does not matter here; linear spares the suite the model's adaptation.
                "thinslice.synthesis.method", "linear"));
        node = Node.start(tmp.resolve("node"), settings.toArray(String[]::new));
        node.bearer = () -> token("reader");
        List<Path> thick = Studies.phantom(tmp.resolve("study"));
        peerThick = Studies.phantom(tmp.resolve("peer-study"), "--name", "peer");
        Tool.storescu("CTSCANNER", Node.AE, node.dicomPort, thick).requireSuccess("storescu to the node");
        Tool.storescu("CTSCANNER", Node.AE, peer.dicomPort, peerThick).requireSuccess("storescu to the peer");
        job = Jobs.awaitFinal(node, Studies.seriesUid(thick.get(0)), 240);
        assertEquals("done", job.path("state").asText(), job + "\n" + Jobs.tail(node.logText()));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {node, peer, keycloak, repository}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** A token of {@code client}, fetched again after a minute (they live five). */
    static synchronized String token(String client) throws Exception {
        String[] t = TOKENS.get(client);
        if (t == null || System.nanoTime() - Long.parseLong(t[1]) > TimeUnit.SECONDS.toNanos(60)) {
            t = new String[] {keycloak.token(client), Long.toString(System.nanoTime())};
            TOKENS.put(client, t);
        }
        return t[0];
    }

    @Test
    void everyDoorWantsAValidTokenWithItsRole() throws Exception {
        assertTrue(Keycloak.expiry(expired) < System.currentTimeMillis() / 1000, "the short-lived token has expired");
        String study = job.path("studyInstanceUid").asText();
        String derived = job.path("derivedSeriesInstanceUid").asText();
        byte[] stow = multipart(Files.readAllBytes(peerThick.get(0)));
        List<Door> doors = List.of(
                new Door("QIDO-RS", "GET", "/dicom-web/series?SeriesInstanceUID=" + derived, "application/dicom+json", null, "reader", "writer", 200),
                new Door("WADO-RS", "GET", "/dicom-web/studies/" + study + "/series/" + derived, "multipart/related; type=\"application/dicom\"",
                        null, "reader", "writer", 200),
                new Door("STOW-RS", "POST", "/dicom-web/studies", "application/dicom+json", stow, "writer", "reader", 200),
                new Door("jobs", "GET", "/api/jobs", "application/json", null, "reader", "admin", 200),
                // Past the door, a job action on no job is the API's own 404.
                new Door("job action", "DELETE", "/api/jobs/no-such-job", "application/json", null, "admin", "reader", 404));
        for (Door d : doors) {
            HttpResponse<String> none = d.send(node, null);
            assertEquals(401, none.statusCode(), d + " without a token: " + none.body());
            assertProblem(d + " without a token", none);
            assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""), d.toString());
            HttpResponse<String> garbage = d.send(node, "not-a-jwt");
            assertEquals(401, garbage.statusCode(), d + " with a malformed token: " + garbage.body());
            HttpResponse<String> old = d.send(node, expired);
            assertEquals(401, old.statusCode(), d + " with an expired token: " + old.body());
            assertProblem(d + " with an expired token", old);
            for (String client : List.of("nobody", d.otherRole)) {
                HttpResponse<String> wrong = d.send(node, token(client));
                assertEquals(403, wrong.statusCode(), d + " with the token of " + client + ": " + wrong.body());
                assertProblem(d + " with the token of " + client, wrong);
                assertTrue(wrong.body().contains("thinslice-"), "the refusal names the role: " + wrong.body());
            }
            HttpResponse<String> right = d.send(node, token(d.role));
            assertEquals(d.expected, right.statusCode(), d + " with the token of " + d.role + ": " + right.body());
        }
        // The one QIDO-RS answer with the right token names the derived series.
        HttpResponse<String> qido = doors.get(0).send(node, token("reader"));
        assertEquals(1, Jobs.JSON.readTree(qido.body()).size(), qido.body());

        assertEquals(200, plain(node, "/q/health/ready", null).statusCode(), "health stays open");
        assertEquals(401, plain(node, "/q/metrics", null).statusCode(), "metrics need a token on this node");
        assertEquals(403, plain(node, "/q/metrics", token("reader")).statusCode(), "metrics need thinslice-admin on this node");
        assertEquals(200, plain(node, "/q/metrics", token("admin")).statusCode(), "metrics with thinslice-admin");
        assertEquals(200, plain(peer, "/q/metrics", null).statusCode(), "metrics open by default");
    }

    /** Issue 11: the audit record repository hears of authentication failures, in messages of the standard's schema. */
    @Test
    void refusedTokensReachTheAuditRepository() throws Exception {
        assertEquals(401, plain(node, "/api/jobs?audited=unauthenticated", null).statusCode());
        assertEquals(403, plain(node, "/api/jobs?audited=forbidden", token("nobody")).statusCode());
        List<String> messages = repository.awaitMessages(List.of(
                "110114|E|4|HTTP 401 for GET /api/jobs?audited=unauthenticated",
                "110113|E|4|HTTP 403 for GET /api/jobs?audited=forbidden"), 60);
        repository.assertValid(messages, "syslog");
    }

    @Test
    void orthancQueriesAndRetrievesWithTheToken() throws Exception {
        String study = job.path("studyInstanceUid").asText();
        String derived = job.path("derivedSeriesInstanceUid").asText();
        String url = "http://127.0.0.1:" + node.httpPort + "/dicom-web/";
        try (Orthanc orthanc = Orthanc.start(tmp.resolve("orthanc"), Map.of(), null, Map.of("thinslice", url, "anonymous", url), Ports.free(),
                false, Map.of("thinslice", Map.of("Authorization", "Bearer " + token("reader"))))) {
            HttpResponse<String> refused = orthanc.post("/dicom-web/servers/anonymous/qido", "{\"Uri\": \"/series\"}");
            assertNotEquals(200, refused.statusCode(), "without the token the node refuses Orthanc: " + refused.body());
            HttpResponse<String> qido = orthanc.post("/dicom-web/servers/thinslice/qido",
                    "{\"Uri\": \"/series\", \"Arguments\": {\"SeriesInstanceUID\": \"" + derived + "\"}}");
            assertEquals(200, qido.statusCode(), qido.body() + "\n" + Jobs.tail(orthanc.logText()));
            assertEquals(1, Jobs.JSON.readTree(qido.body()).size(), qido.body());
            HttpResponse<String> retrieve = orthanc.post("/dicom-web/servers/thinslice/retrieve",
                    "{\"Resources\": [{\"Study\": \"" + study + "\", \"Series\": \"" + derived + "\"}]}");
            assertEquals(200, retrieve.statusCode(), retrieve.body() + "\n" + Jobs.tail(orthanc.logText()));
            JsonNode found = Jobs.JSON.readTree(orthanc.post("/tools/find",
                    "{\"Level\": \"Instance\", \"Query\": {\"SeriesInstanceUID\": \"" + derived + "\"}}").body());
            assertEquals(DERIVED, found.size(), "Orthanc holds the derived series: " + found);
        }
    }

    @Test
    void exportWithClientCredentialsReachesTheSecuredPeer() throws Exception {
        JsonNode export = job.path("exports").get(0);
        assertEquals("http://127.0.0.1:" + peer.httpPort + "/dicom-web", export.path("destination").asText(), export.toString());
        assertEquals("done", export.path("state").asText(), export.toString());
        assertEquals(DERIVED, export.path("sent").asInt(), export.toString());
        String derived = job.path("derivedSeriesInstanceUid").asText();
        JsonNode arrived = Jobs.await(peer, derived, j -> j.path("instancesReceived").asInt() == DERIVED, 60);
        assertNotNull(arrived);
        assertTrue(arrived.path("origin").asText().startsWith("STOW-RS"), arrived.toString());
    }

    @Test
    void aWrongClientSecretFailsTheExportNamingWhy() throws Exception {
        JsonNode failed = Jobs.awaitFinal(peer, Studies.seriesUid(peerThick.get(0)), 240);
        assertEquals("failed", failed.path("state").asText(), failed + "\n" + Jobs.tail(peer.logText()));
        String error = failed.path("exports").get(0).path("lastError").asText();
        assertTrue(error.contains("no access token from " + keycloak.tokenUrl() + " (OAuth2 client credentials)"), error);
        assertTrue(error.contains("Invalid client"), "Keycloak's answer is shown: " + error);
        assertTrue(peer.logText().contains("HTTP on 0.0.0.0:" + peer.httpPort), "with OIDC the default host is 0.0.0.0:\n" + Jobs.tail(peer.logText()));
    }

    private static void assertProblem(String what, HttpResponse<String> r) throws Exception {
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""), what);
        JsonNode p = Jobs.JSON.readTree(r.body());
        assertEquals(r.statusCode(), p.path("status").asInt(), what + ": " + r.body());
        assertTrue(p.path("detail").asText().length() > 10, what + ": " + r.body());
    }

    private static HttpResponse<String> plain(Node n, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] multipart(byte[] dicom) {
        byte[] head = ("--b0undary\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\r\n--b0undary--\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + dicom.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(dicom, 0, all, head.length, dicom.length);
        System.arraycopy(tail, 0, all, head.length + dicom.length, tail.length);
        return all;
    }

    /** One HTTP door of the node, the role that opens it, another role that does not, and the status past it. */
    private record Door(String name, String method, String path, String accept, byte[] body, String role, String otherRole, int expected) {

        HttpResponse<String> send(Node n, String token) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort + path)).timeout(Duration.ofSeconds(60))
                    .header("Accept", accept);
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            if (body != null) {
                b.header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b0undary");
            }
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public String toString() {
            return name + " (" + method + " " + path + ")";
        }
    }
}
