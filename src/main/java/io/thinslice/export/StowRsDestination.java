package io.thinslice.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thinslice.dicom.DimseStatus;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * A DICOMweb origin server ({@code thinslice.export.dicomweb}): each attempt is one STOW-RS request,
 * {@code POST {base}/studies} with {@code Content-Type: multipart/related; type="application/dicom"}, one part per
 * instance, streamed from disk file by file. What the server stored is read from its answer ({@link #result}); the
 * next attempt sends only the instances not stored. A connection failure, or an answer other than 200 that names
 * nothing stored, is a failed attempt that stored nothing.
 *
 * <p>Written {@code URL}, {@code URL|token} or {@code URL|client-credentials}: an http(s) base URL such as
 * {@code http://pacs:8042/dicom-web}, and an optional bearer token sent as {@code Authorization: Bearer <token>}: a fixed
 * one, or one the node obtains by the OAuth2 client credentials grant ({@link ClientCredentials}). The token never
 * appears in {@link #describe()}.
 */
public final class StowRsDestination implements SeriesDestination {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

    /** The word after {@code |} that asks for client-credentials tokens instead of a fixed one. */
    public static final String CLIENT_CREDENTIALS = "client-credentials";

    private final URI base;
    private final Optional<String> token;
    private final Optional<BearerTokens> bearer;
    private final HttpClient http;

    public StowRsDestination(URI base, Optional<String> token, HttpClient http) {
        this(base, token, token.map(BearerTokens::fixed), http);
    }

    private StowRsDestination(URI base, Optional<String> token, Optional<BearerTokens> bearer, HttpClient http) {
        this.base = base;
        this.token = token;
        this.bearer = bearer;
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
        return parse(text, http, null);
    }

    /**
     * As {@link #parse(String, HttpClient)}; an entry written {@code URL|client-credentials} takes its tokens from
     * {@code clientCredentials}, which is null when {@code thinslice.export.oauth-*} is not configured.
     */
    public static StowRsDestination parse(String text, HttpClient http, BearerTokens clientCredentials) {
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
        Optional<BearerTokens> bearer = token.map(BearerTokens::fixed);
        if (token.isPresent() && token.get().equals(CLIENT_CREDENTIALS)) {
            if (clientCredentials == null) {
                throw new IllegalArgumentException("thinslice.export.dicomweb entry '" + url + "|" + CLIENT_CREDENTIALS
                        + "' needs thinslice.export.oauth-token-url, thinslice.export.oauth-client-id and thinslice.export.oauth-client-secret");
            }
            token = Optional.empty();
            bearer = Optional.of(clientCredentials);
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
        return new StowRsDestination(base, token, bearer, http);
    }

    public URI base() {
        return base;
    }

    /** The fixed token of a {@code URL|token} entry. */
    public Optional<String> token() {
        return token;
    }

    /** Where the bearer token of each attempt comes from, if any. */
    public Optional<BearerTokens> bearer() {
        return bearer;
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
        if (bearer.isPresent()) {
            try {
                request.header("Authorization", "Bearer " + bearer.get().token());
            } catch (IOException e) {
                return failed("STOW-RS to " + describe() + " not sent: " + e.getMessage());
            }
        }
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
        if (response.statusCode() == 401) {
            bearer.ifPresent(BearerTokens::refused);
        }
        return result(response.statusCode(), response.body(), instances.keySet());
    }

    /**
     * What one answer means for the instances sent. The answer's Referenced SOP Sequence (0008,1199) names what the
     * server stored, whatever the HTTP status: a 200 that lists fewer instances than were sent is a partial store
     * (Orthanc 1.10 / DICOMweb 1.7 answers so when its Lua filter fails on an instance: the instances after it are not
     * stored, and not named as failed either). A 200 without that sequence counts as all stored. Instances not
     * referenced stay pending and are sent again by the next attempt, unless a Failure Reason (0008,1197) in the Failed
     * SOP Sequence (0008,1198) says sending again cannot help ({@link DimseStatus#permanent}).
     */
    Result result(int status, String body, Set<String> sent) {
        Answer answer = Answer.parse(body);
        Set<String> stored;
        if (answer.referenced() != null) {
            stored = new LinkedHashSet<>(answer.referenced());
            stored.retainAll(sent);
        } else {
            stored = status == 200 ? new LinkedHashSet<>(sent) : Set.of();
        }
        if (stored.size() == sent.size()) {
            return new Result(Set.copyOf(stored), null);
        }
        Map<Integer, Integer> reasons = new LinkedHashMap<>();
        answer.failed().forEach((uid, reason) -> {
            if (sent.contains(uid) && !stored.contains(uid)) {
                reasons.merge(reason, 1, Integer::sum);
            }
        });
        answer.unnamedReasons().forEach(reason -> reasons.merge(reason, 1, Integer::sum));
        StringBuilder problem = new StringBuilder("STOW-RS to " + describe() + " answered HTTP " + status);
        if (status == 202) {
            problem.append(" (some instances not stored)");
        }
        problem.append("; ").append(stored.size()).append(" of ").append(sent.size()).append(" stored");
        if (!reasons.isEmpty()) {
            problem.append("; FailureReason ");
            StringJoiner list = new StringJoiner(", ");
            reasons.forEach((reason, n) -> list.add(DimseStatus.describe(reason) + " for " + n));
            problem.append(list);
        }
        boolean permanent = reasons.keySet().stream().anyMatch(DimseStatus::permanent);
        return new Result(Set.copyOf(stored), problem.toString(), permanent);
    }

    /**
     * The parts of a DICOM JSON STOW-RS answer the sender uses.
     *
     * @param referenced     SOP Instance UIDs (0008,1155) of the Referenced SOP Sequence, or null when the answer has
     *                       no such sequence (or is not DICOM JSON)
     * @param failed         SOP Instance UID → Failure Reason of the Failed SOP Sequence items that name both
     * @param unnamedReasons Failure Reasons of items that name no SOP Instance UID
     */
    record Answer(Set<String> referenced, Map<String, Integer> failed, List<Integer> unnamedReasons) {

        static Answer parse(String body) {
            Map<String, Integer> failed = new LinkedHashMap<>();
            List<Integer> unnamed = new ArrayList<>();
            JsonNode root;
            try {
                root = JSON.readTree(body == null ? "" : body);
            } catch (IOException e) {
                return new Answer(null, failed, unnamed);
            }
            if (root == null || !root.isObject()) {
                return new Answer(null, failed, unnamed);
            }
            Set<String> referenced = null;
            if (root.has("00081199")) {
                referenced = new LinkedHashSet<>();
                for (JsonNode item : root.path("00081199").path("Value")) {
                    String uid = item.path("00081155").path("Value").path(0).asText("");
                    if (!uid.isEmpty()) {
                        referenced.add(uid);
                    }
                }
            }
            for (JsonNode item : root.path("00081198").path("Value")) {
                JsonNode v = item.path("00081197").path("Value").path(0);
                int reason = v.canConvertToInt() ? v.asInt() : 0x0110;
                String uid = item.path("00081155").path("Value").path(0).asText("");
                if (uid.isEmpty()) {
                    unnamed.add(reason);
                } else {
                    failed.put(uid, reason);
                }
            }
            return new Answer(referenced, failed, unnamed);
        }
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
}
