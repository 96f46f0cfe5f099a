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
 */
public record StoreListenerSettings(String aeTitle, String bindAddress, int port, int maxAssociations,
                                    Duration socketTimeout, Set<String> allowedCallers, Path incomingDir) {
}
