package io.thinslice.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A DICOMweb origin server ({@code thinslice.export.dicomweb}): each attempt is one STOW-RS request,
 * {@code POST {base}/studies} with {@code Content-Type: multipart/related; type="application/dicom"}, one part per
 * instance, streamed from disk file by file. Only 200 counts as stored (all instances); 202 (some failed), 409, any
 * other status and any connection failure are a failed attempt, and the next attempt sends the whole series again.
 *
 * <p>Written {@code URL} or {@code URL|token}: an http(s) base URL such as {@code http://pacs:8042/dicom-web}, and an
 * optional bearer token sent as {@code Authorization: Bearer <token>}. The token never appears in {@link #describe()}.
 */
public final class StowRsDestination implements SeriesDestination {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

    private final URI base;
    private final Optional<String> token;
    private final HttpClient http;

    public StowRsDestination(URI base, Optional<String> token, HttpClient http) {
        this.base = base;
        this.token = token;
        this.http = http;
    }

    /** A client suitable for {@link #parse(String, HttpClient)}: HTTP/1.1, 10 s connect timeout. */
    public static HttpClient defaultClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Parses one entry of {@code thinslice.export.dicomweb}.
     *
     * @throws IllegalArgumentException naming the URL (not the token) when the entry is not {@code http(s)://host[:port][/path][|token]}
     */
    public static StowRsDestination parse(String text, HttpClient http) {
        String entry = text.trim();
        int bar = entry.indexOf('|');
        String url = (bar < 0 ? entry : entry.substring(0, bar)).trim();
        Optional<String> token = Optional.empty();
        if (bar >= 0) {
            String t = entry.substring(bar + 1).trim();
            if (t.isEmpty() || t.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                throw new IllegalArgumentException("thinslice.export.dicomweb entry '" + url
                        + "': the token after '|' must be non-empty printable ASCII without spaces");
            }
            token = Optional.of(t);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("thinslice.export.dicomweb entry '" + url + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("thinslice.export.dicomweb entry '" + url
                    + "' is not an http(s) base URL such as http://pacs:8042/dicom-web (no query, fragment or user info)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        URI base = URI.create(scheme + "://" + uri.getRawAuthority() + path);
        return new StowRsDestination(base, token, http);
    }

    public URI base() {
        return base;
    }

    public Optional<String> token() {
        return token;
    }

    @Override
    public String describe() {
        return base.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public Result send(Map<String, Path> instances) {
        String boundary = "thinslice-" + UUID.randomUUID();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/studies")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .header("Accept", "application/dicom+json");
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<String> response;
        try {
            response = http.send(request.POST(body(instances.values(), boundary)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (FileNotFoundException e) {
            return failed("STOW-RS to " + describe() + " failed: a derived file is missing: " + e.getMessage());
        } catch (IOException e) {
            return failed("STOW-RS to " + describe() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("STOW-RS to " + describe() + " interrupted");
        } catch (RuntimeException e) {
            return failed("STOW-RS to " + describe() + " failed: " + e);
        }
        int status = response.statusCode();
        if (status == 200) {
            return new Result(Set.copyOf(instances.keySet()), null);
        }
        String reasons = failureReasons(response.body());
        return failed("STOW-RS to " + describe() + " answered HTTP " + status
                + (status == 202 ? " (some instances not stored)" : "") + (reasons.isEmpty() ? "" : "; FailureReason " + reasons));
    }

    private static Result failed(String problem) {
        return new Result(Set.of(), problem);
    }

    /** The multipart/related body: each file is opened only when the client reaches it. */
    static HttpRequest.BodyPublisher body(java.util.Collection<Path> files, String boundary) throws FileNotFoundException {
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        for (Path f : files) {
            parts.add(HttpRequest.BodyPublishers.ofByteArray(
                    ("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            parts.add(HttpRequest.BodyPublishers.ofFile(f));
            parts.add(HttpRequest.BodyPublishers.ofByteArray("\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        parts.add(HttpRequest.BodyPublishers.ofByteArray(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII)));
        return HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new));
    }

    /** Distinct Failure Reason (0008,1197) values of the Failed SOP Sequence (0008,1198) in a DICOM JSON answer, as hex. */
    static String failureReasons(String body) {
        Set<String> reasons = new LinkedHashSet<>();
        try {
            JsonNode root = JSON.readTree(body == null ? "" : body);
            if (root == null) {
                return "";
            }
            for (JsonNode failed : root.path("00081198").path("Value")) {
                JsonNode v = failed.path("00081197").path("Value").path(0);
                if (v.canConvertToInt()) {
                    reasons.add(String.format("0x%04X", v.asInt()));
                }
            }
        } catch (IOException e) {
            return "";
        }
        return String.join(", ", reasons);
    }
}
