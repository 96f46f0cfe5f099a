package io.thinslice.export;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where derived series go (C-STORE and DICOMweb destinations) and how hard the node tries. */
@ConfigMapping(prefix = "thinslice.export")
public interface ExportConfig {

    /** C-STORE destinations, comma-separated {@code AET@host:port}; empty: derived series stay on the node. */
    Optional<List<String>> destinations();

    /**
     * DICOMweb destinations (STOW-RS), comma-separated; each an http(s) base URL of a DICOMweb origin server, such as
     * {@code http://pacs:8042/dicom-web}, optionally followed by {@code |token} to send
     * {@code Authorization: Bearer token}, or by {@code |client-credentials} to send a token obtained with
     * {@code oauth-*} below. The series is posted to {@code {URL}/studies}. Same retries and back-off as
     * the C-STORE destinations; empty: none. Checked at start-up (see {@link StowRsDestination#parse}).
     */
    Optional<List<String>> dicomweb();

    /**
     * Token endpoint of the identity provider for DICOMweb entries written {@code URL|client-credentials}, e.g.
     * {@code https://keycloak:8443/realms/hospital/protocol/openid-connect/token}: the node obtains an access token by
     * the OAuth2 client credentials grant and sends it as {@code Authorization: Bearer}.
     */
    Optional<String> oauthTokenUrl();

    /** The client id for {@code oauth-token-url}. */
    Optional<String> oauthClientId();

    /** The client secret for {@code oauth-token-url} (sent as HTTP Basic authentication, RFC 6749 2.3.1). */
    Optional<String> oauthClientSecret();

    /** Scopes to ask for, comma-separated; empty: the client's defaults. */
    Optional<List<String>> oauthScopes();

    /** Attempts per destination before the job fails. */
    @WithDefault("10")
    int maxAttempts();

    /** Wait before the first retry; doubles after each failed attempt. */
    @WithDefault("2s")
    Duration initialBackoff();

    /** Longest wait between attempts. */
    @WithDefault("5m")
    Duration maxBackoff();

    /**
     * How long a C-STORE destination may stay silent: the wait for the answer to the A-ASSOCIATE-RQ and for each
     * C-STORE response. When it passes, the attempt ends (the connection is closed) and is retried like any failed
     * attempt. Does not apply to STOW-RS (its request has its own limits).
     */
    @WithDefault("60s")
    Duration timeout();
}
