package io.thinslice.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.thinslice.web.MultipartRelated;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StowRsDestinationTest {

    @TempDir
    Path dir;

    private HttpServer server;

    /** What the in-test server got: one request. */
    private record Received(String method, String path, String contentType, String authorization, List<byte[]> parts,
                            List<Map<String, String>> partHeaders) {
    }

    private final List<Received> received = new ArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A server on 127.0.0.1 that reads the multipart body and answers {@code status} with {@code body}. */
    private String serve(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            List<byte[]> parts = new ArrayList<>();
            List<Map<String, String>> headers = new ArrayList<>();
            Matcher m = Pattern.compile("boundary=([^;]+)").matcher(type == null ? "" : type);
            try {
                MultipartRelated.read(exchange.getRequestBody(), m.find() ? m.group(1) : null, (i, h) -> {
                    headers.add(h);
                    ByteArrayOutputStream out = new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            parts.add(toByteArray());
                        }
                    };
                    return out;
                });
            } catch (MultipartRelated.MalformedException e) {
                parts.clear();
            }
            synchronized (received) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), type,
                        exchange.getRequestHeaders().getFirst("Authorization"), parts, headers));
            }
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/dicom+json");
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web";
    }

    /** Three files of random bytes (with a CRLF and dashes inside, as a boundary-like trap), UID → file. */
    private Map<String, Path> files() throws IOException {
        Random random = new Random(42);
        Map<String, Path> map = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            byte[] b = new byte[100_000 + i * 7_001];
            random.nextBytes(b);
            System.arraycopy("\r\n--thinslice-\r\n".getBytes(StandardCharsets.US_ASCII), 0, b, 500, 16);
            Path f = dir.resolve("i" + i + ".dcm");
            Files.write(f, b);
            map.put("1.2.3." + i, f);
        }
        return map;
    }

    @Test
    void parsesUrlAndOptionalToken() {
        StowRsDestination plain = StowRsDestination.parse(" http://pacs:8042/dicom-web/ ", StowRsDestination.defaultClient());
        assertEquals(URI.create("http://pacs:8042/dicom-web"), plain.base());
        assertEquals(Optional.empty(), plain.token());
        assertEquals("http://pacs:8042/dicom-web", plain.describe());

        StowRsDestination withToken = StowRsDestination.parse("https://archive.example.org/dicomweb|abc.DEF-123_x=", StowRsDestination.defaultClient());
        assertEquals(URI.create("https://archive.example.org/dicomweb"), withToken.base());
        assertEquals(Optional.of("abc.DEF-123_x="), withToken.token());
        assertFalse(withToken.describe().contains("abc"), "the token is not shown");

        assertEquals(URI.create("http://[::1]:8080"), StowRsDestination.parse("http://[::1]:8080", StowRsDestination.defaultClient()).base());
        assertEquals(URI.create("http://h/x"),
                StowRsDestination.parse("HTTP://h/x", StowRsDestination.defaultClient()).base());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pacs:8042/dicom-web", "ftp://pacs/dicom-web", "http:///dicom-web", "http://pacs/dicom-web?x=1",
            "http://pacs/dicom-web#f", "http://user:pw@pacs/dicom-web", "/dicom-web", "http://pa cs/", "http://pacs/dicom-web|",
            "http://pacs/dicom-web|two words"})
    void rejectsBadEntriesNamingTheUrl(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StowRsDestination.parse(text, StowRsDestination.defaultClient()), text);
        assertTrue(e.getMessage().startsWith("thinslice.export.dicomweb entry '"), e.getMessage());
    }

    @Test
    void errorsDoNotShowTheToken() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StowRsDestination.parse("pacs/dicom-web|s3cret", StowRsDestination.defaultClient()));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void postsEveryFileByteForByteAsOnePartWithTheBearerToken() throws Exception {
        String url = serve(200, "{}");
        Map<String, Path> files = files();
        StowRsDestination d = StowRsDestination.parse(url + "/|tok-123", StowRsDestination.defaultClient());
        SeriesDestination.Result r = d.send(files);

        assertNull(r.problem());
        assertEquals(files.keySet(), r.stored());
        assertEquals(1, received.size());
        Received got = received.get(0);
        assertEquals("POST", got.method());
        assertEquals("/dicom-web/studies", got.path());
        assertTrue(got.contentType().startsWith("multipart/related; type=\"application/dicom\"; boundary="), got.contentType());
        assertEquals("Bearer tok-123", got.authorization());
        assertEquals(files.size(), got.parts().size());
        int i = 0;
        for (Path f : files.values()) {
            assertArrayEquals(Files.readAllBytes(f), got.parts().get(i), "part " + i);
            assertEquals("application/dicom", got.partHeaders().get(i).get("content-type"));
            i++;
        }
    }

    @Test
    void noTokenNoAuthorizationHeader() throws Exception {
        String url = serve(200, "");
        assertNull(StowRsDestination.parse(url, StowRsDestination.defaultClient()).send(files()).problem());
        assertNull(received.get(0).authorization());
    }

    @Test
    void conflictIsAFailureWithStatusAndFailureReason() throws Exception {
        String url = serve(409, "{\"00081198\":{\"vr\":\"SQ\",\"Value\":[{\"00081197\":{\"vr\":\"US\",\"Value\":[43264]}},"
                + "{\"00081197\":{\"vr\":\"US\",\"Value\":[43264]}},{\"00081197\":{\"vr\":\"US\",\"Value\":[272]}}]}}");
        SeriesDestination.Result r = StowRsDestination.parse(url, StowRsDestination.defaultClient()).send(files());
        assertEquals(Set.of(), r.stored());
        assertTrue(r.problem().contains(url), r.problem());
        assertTrue(r.problem().contains("HTTP 409"), r.problem());
        assertTrue(r.problem().endsWith("0 of 3 stored; FailureReason 0xA900 (Error: Data Set does not match SOP Class) for 2,"
                + " 0x0110 (Processing failure) for 1"), r.problem());
        assertTrue(r.permanent(), "A900H: sending the same instances again cannot help");
    }

    /** A Referenced SOP Sequence item for {@code uid}, as DICOM JSON. */
    private static String referenced(String uid) {
        return "{\"00081150\":{\"vr\":\"UI\",\"Value\":[\"1.2.840.10008.5.1.4.1.1.2\"]},\"00081155\":{\"vr\":\"UI\",\"Value\":[\"" + uid + "\"]}}";
    }

    @Test
    void okThatReferencesFewerInstancesIsAPartialStoreOfThoseOnly() throws Exception {
        // Orthanc 1.10 / DICOMweb 1.7 answers so when its Lua filter fails on the second instance.
        String url = serve(200, "{\"00081198\":{\"vr\":\"SQ\"},\"00081199\":{\"vr\":\"SQ\",\"Value\":[" + referenced("1.2.3.0") + "]}}");
        SeriesDestination.Result r = StowRsDestination.parse(url, StowRsDestination.defaultClient()).send(files());
        assertEquals(Set.of("1.2.3.0"), r.stored());
        assertTrue(r.problem().endsWith("answered HTTP 200; 1 of 3 stored"), r.problem());
        assertFalse(r.permanent());
    }

    @Test
    void acceptedWithOutOfResourcesFailuresIsRetriedForThoseInstances() throws Exception {
        String url = serve(202, "{\"00081198\":{\"vr\":\"SQ\",\"Value\":[{\"00081155\":{\"vr\":\"UI\",\"Value\":[\"1.2.3.1\"]},"
                + "\"00081197\":{\"vr\":\"US\",\"Value\":[42752]}}]},"
                + "\"00081199\":{\"vr\":\"SQ\",\"Value\":[" + referenced("1.2.3.0") + "," + referenced("1.2.3.2") + "," + referenced("9.9.9") + "]}}");
        SeriesDestination.Result r = StowRsDestination.parse(url, StowRsDestination.defaultClient()).send(files());
        assertEquals(Set.of("1.2.3.0", "1.2.3.2"), r.stored(), "a UID that was not sent does not count");
        assertTrue(r.problem().endsWith("HTTP 202 (some instances not stored); 2 of 3 stored; FailureReason 0xA700 (Refused: Out of"
                + " Resources) for 1"), r.problem());
        assertFalse(r.permanent(), "A700H is transient");
    }

    @Test
    void refusedSopClassIsPermanent() throws Exception {
        String url = serve(409, "{\"00081198\":{\"vr\":\"SQ\",\"Value\":[{\"00081155\":{\"vr\":\"UI\",\"Value\":[\"1.2.3.1\"]},"
                + "\"00081197\":{\"vr\":\"US\",\"Value\":[290]}}]}}");
        SeriesDestination.Result r = StowRsDestination.parse(url, StowRsDestination.defaultClient()).send(files());
        assertEquals(Set.of(), r.stored());
        assertTrue(r.problem().contains("0x0122 (Refused: SOP Class not supported) for 1"), r.problem());
        assertTrue(r.permanent());
    }

    @Test
    void acceptedWithSomeFailuresIsNotSuccess() throws Exception {
        String url = serve(202, "not json");
        SeriesDestination.Result r = StowRsDestination.parse(url, StowRsDestination.defaultClient()).send(files());
        assertEquals(Set.of(), r.stored());
        assertTrue(r.problem().contains("HTTP 202 (some instances not stored)"), r.problem());
    }

    @Test
    void serverErrorIsAFailure() throws Exception {
        String url = serve(503, "");
        SeriesDestination.Result r = StowRsDestination.parse(url, StowRsDestination.defaultClient()).send(files());
        assertFalse(r.complete());
        assertTrue(r.problem().contains("HTTP 503"), r.problem());
    }

    @Test
    void connectionRefusedIsAFailureNamingTheDestination() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        StowRsDestination d = StowRsDestination.parse("http://127.0.0.1:" + port + "/dicom-web|t", StowRsDestination.defaultClient());
        SeriesDestination.Result r = d.send(files());
        assertEquals(Set.of(), r.stored());
        assertTrue(r.problem().startsWith("STOW-RS to http://127.0.0.1:" + port + "/dicom-web failed: "), r.problem());
    }

    @Test
    void missingFileIsAFailure() throws Exception {
        String url = serve(200, "{}");
        SeriesDestination.Result r = StowRsDestination.parse(url, StowRsDestination.defaultClient())
                .send(Map.of("1.2.3", dir.resolve("gone.dcm")));
        assertFalse(r.complete());
        assertTrue(r.problem().contains("missing"), r.problem());
        assertTrue(received.isEmpty());
    }

    @Test
    void clientCredentialsEntriesTakeTheirTokensFromTheOAuth2Client() throws Exception {
        BearerTokens oauth2 = BearerTokens.fixed("from-the-idp");
        StowRsDestination d = StowRsDestination.parse("https://archive/dicom-web|client-credentials", StowRsDestination.defaultClient(), oauth2);
        assertEquals(Optional.empty(), d.token(), "no fixed token");
        assertEquals("from-the-idp", d.bearer().orElseThrow().token());
        assertEquals("https://archive/dicom-web", d.describe());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StowRsDestination.parse("https://archive/dicom-web|client-credentials", StowRsDestination.defaultClient()));
        assertTrue(e.getMessage().contains("thinslice.export.oauth-token-url"), e.getMessage());
    }
}
