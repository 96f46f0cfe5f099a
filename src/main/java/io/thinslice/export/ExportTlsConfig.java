package io.thinslice.export;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * C-STORE destinations reached over DICOM TLS (PS3.15 B.9/B.10), with the node's client certificate and the CAs it
 * trusts for them. Protocols and cipher suites are {@code thinslice.dicom.tls.protocols} and {@code .cipher-suites}.
 */
@ConfigMapping(prefix = "thinslice.export.tls")
public interface ExportTlsConfig {

    /**
     * C-STORE destinations over TLS, comma-separated {@code AET@host:port}, beside the plain
     * {@code thinslice.export.destinations}; same retries and timeout.
     */
    Optional<List<String>> destinations();

    /** Key store with the certificate and key the node presents as a client; unset: none (for destinations that do not ask). */
    Optional<String> keyStore();

    /** Key store type: PKCS12 or JKS. */
    @WithDefault("PKCS12")
    String keyStoreType();

    /** Password of the key store and its key. */
    Optional<String> keyStorePassword();

    /** Trust store with the CA certificates that vouch for the destinations; unset: the JVM's default trust store. */
    Optional<String> trustStore();

    /** Trust store type: PKCS12 or JKS. */
    @WithDefault("PKCS12")
    String trustStoreType();

    /** Password of the trust store. */
    Optional<String> trustStorePassword();

    /** Check that a destination's certificate names its host (DNS name or IP address, RFC 6125). */
    @WithDefault("true")
    boolean verifyHostname();
}
