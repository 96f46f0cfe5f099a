package io.thinslice.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The audit trail: off unless a syslog host or a file is set. */
@ConfigMapping(prefix = "thinslice.audit")
public interface AuditConfig {

    /** Syslog collector (an audit record repository) to send every audit message to; none when unset. */
    Optional<String> syslogHost();

    /** Its port; unset: 514 for udp, 6514 for tls. */
    Optional<Integer> syslogPort();

    /** {@code udp} (RFC 5426) or {@code tls} (RFC 5425, octet-counting framing). */
    @WithDefault("udp")
    String syslogProtocol();

    /** For tls: the trust store (PKCS12 or JKS) holding the collector's CA; unset: the JVM's default trust. */
    Optional<String> syslogTrustStore();

    Optional<String> syslogTrustStorePassword();

    /** For tls: the key store (PKCS12 or JKS) with the node's client certificate, for collectors that require one. */
    Optional<String> syslogKeyStore();

    Optional<String> syslogKeyStorePassword();

    /** A local file to append every audit message to, one XML document per line; none when unset. */
    Optional<String> file();

    /** Messages waiting for delivery at most; more are dropped (and counted) while a destination is slow or down. */
    @WithDefault("1000")
    int queueSize();

    /** AuditSourceID of every message; unset: the node's AE title (thinslice.dicom.ae-title). */
    Optional<String> sourceId();
}
