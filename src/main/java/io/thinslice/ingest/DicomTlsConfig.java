package io.thinslice.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * DICOM TLS (PS3.15 B.9 BCP 195 / B.10 Non-downgrading BCP 195 profile) for the listener's second port. The protocols
 * and cipher suites apply to C-STORE exports over TLS too ({@code thinslice.export.tls.*}).
 */
@ConfigMapping(prefix = "thinslice.dicom.tls")
public interface DicomTlsConfig {

    /** TCP port for TLS associations (2762 is the registered dicom-tls port); unset: no TLS port. */
    Optional<Integer> port();

    /** true: only the TLS port is opened, not the plain {@code thinslice.dicom.port}. */
    @WithDefault("false")
    boolean only();

    /** Key store with the node's certificate and private key (required with a TLS port). */
    Optional<String> keyStore();

    /** Key store type: PKCS12 or JKS. */
    @WithDefault("PKCS12")
    String keyStoreType();

    /** Password of the key store and its key. */
    Optional<String> keyStorePassword();

    /** Trust store with the CA certificates (or peer certificates) whose clients are accepted. */
    Optional<String> trustStore();

    /** Trust store type: PKCS12 or JKS. */
    @WithDefault("PKCS12")
    String trustStoreType();

    /** Password of the trust store. */
    Optional<String> trustStorePassword();

    /** Refuse a client without a certificate from the trust store; false: a client certificate is asked for but optional. */
    @WithDefault("true")
    boolean requireClientCertificate();

    /** TLS protocols, listener and exports; only TLSv1.3 and TLSv1.2 are allowed. */
    @WithDefault("TLSv1.3,TLSv1.2")
    List<String> protocols();

    /** Cipher suites in order of preference, listener and exports (JSSE names). */
    @WithDefault("TLS_AES_256_GCM_SHA384,TLS_AES_128_GCM_SHA256,TLS_CHACHA20_POLY1305_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,"
            + "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,"
            + "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
    List<String> cipherSuites();
}
