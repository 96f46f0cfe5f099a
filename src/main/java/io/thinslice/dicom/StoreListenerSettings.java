package io.thinslice.dicom;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * What the C-STORE/C-ECHO listener needs to run.
 *
 * @param aeTitle         our called AE title; associations that call another title are rejected
 * @param bindAddress     local address to bind, e.g. 0.0.0.0
 * @param port            TCP port; 0 picks a free one
 * @param maxAssociations associations served at once; a further one gets A-ASSOCIATE-RJ (transient, local limit exceeded)
 * @param socketTimeout   read timeout on an idle association (ARTIM-like)
 * @param allowedCallers  calling AE titles allowed to associate; empty means anyone
 * @param incomingDir     where PixelMed writes objects as they arrive (same file system as the spool)
 * @param tls             a second, TLS port; null: none
 */
public record StoreListenerSettings(String aeTitle, String bindAddress, int port, int maxAssociations,
                                    Duration socketTimeout, Set<String> allowedCallers, Path incomingDir, Tls tls) {

    /** Plain TCP only. */
    public StoreListenerSettings(String aeTitle, String bindAddress, int port, int maxAssociations, Duration socketTimeout,
                                 Set<String> allowedCallers, Path incomingDir) {
        this(aeTitle, bindAddress, port, maxAssociations, socketTimeout, allowedCallers, incomingDir, null);
    }

    /**
     * The TLS port (PS3.15 B.9/B.10). Associations on both ports share the association limit and the checks.
     *
     * @param port                     TCP port; 0 picks a free one
     * @param requireClientCertificate refuse a client without a certificate that the trust store vouches for
     * @param only                     do not open the plain port
     */
    public record Tls(int port, TlsContext context, boolean requireClientCertificate, boolean only) {
    }
}
