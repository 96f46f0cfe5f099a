package io.thinslice.export;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClientConfigBuilder;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.oidc.client.runtime.OidcClientConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Access tokens by the OAuth2 client credentials grant (RFC 6749 4.4) from the token endpoint
 * {@code thinslice.export.oauth-token-url}, through Quarkus' OIDC client. A token is reused until shortly before it
 * expires, or until a destination refuses it; the grant runs again then.
 */
public final class ClientCredentials implements BearerTokens {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String tokenUrl;
    private final OidcClients clients;
    private final OidcClientConfig config;
    private OidcClient client;
    private Tokens tokens;

    public ClientCredentials(OidcClients clients, String tokenUrl, String clientId, String clientSecret, List<String> scopes) {
        this.clients = clients;
        this.tokenUrl = tokenUrl;
        OidcClientConfigBuilder b = OidcClientConfig.builder().id("thinslice-export").authServerUrl(tokenUrl).discoveryEnabled(false)
                .tokenPath(tokenUrl).clientId(clientId).credentials(clientSecret).grant(OidcClientConfig.Grant.Type.CLIENT)
                .accessTokenExpirySkew(Duration.ofSeconds(10)).connectionTimeout(Duration.ofSeconds(10));
        if (!scopes.isEmpty()) {
            b.scopes(scopes);
        }
        this.config = b.build();
    }

    @Override
    public synchronized String token() throws IOException {
        if (tokens != null && !tokens.isAccessTokenExpired()) {
            return tokens.getAccessToken();
        }
        tokens = null;
        try {
            if (client == null) {
                client = clients.newClient(config).await().atMost(WAIT);
            }
            tokens = client.getTokens().await().atMost(WAIT);
        } catch (RuntimeException e) {
            throw new IOException("no access token from " + tokenUrl + " (OAuth2 client credentials): " + reason(e), e);
        }
        return tokens.getAccessToken();
    }

    @Override
    public synchronized void refused() {
        tokens = null;
    }

    /** The identity provider's answer (e.g. "401 ... invalid_client"), not only the exception's class name. */
    private static String reason(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null && s.length() < 400; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                if (s.length() > 0) {
                    s.append(": ");
                }
                s.append(t.getMessage().trim());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return s.length() == 0 ? e.toString() : s.toString();
    }

    @Override
    public String toString() {
        return "OAuth2 client credentials from " + tokenUrl;
    }
}
