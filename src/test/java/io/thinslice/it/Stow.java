package io.thinslice.it;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** STOW-RS requests to a node, built by hand so that tests can also send what no client library would. */
final class Stow {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Stow() {
    }

    /** A multipart/related body with one application/dicom part per array. */
    static byte[] multipart(String boundary, List<byte[]> parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            body.writeBytes(p);
            body.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return body.toByteArray();
    }

    /** The parts in one request under a fresh boundary. */
    static HttpResponse<String> send(Node node, List<byte[]> parts) throws Exception {
        String boundary = "stow-" + System.nanoTime();
        return post(node, boundary, HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, parts)));
    }

    static HttpResponse<String> post(Node node, String boundary, HttpRequest.BodyPublisher body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort + "/dicom-web/studies"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .header("Accept", "application/dicom+json")
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }
}
