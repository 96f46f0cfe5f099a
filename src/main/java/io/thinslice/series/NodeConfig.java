package io.thinslice.series;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.Set;

/** What this node does in a cluster, and the name it claims work under. */
@ConfigMapping(prefix = "thinslice.node")
public interface NodeConfig {

    /** The parts of the flow this node runs; a cluster splits them over nodes that share the job store and the storage. */
    enum Role {
        /** The DICOM listener (C-STORE, C-ECHO) and STOW-RS. */
        RECEIVE,
        /** Claims complete series and synthesises them. */
        SYNTHESIZE,
        /** Claims derived series and sends them to the export destinations. */
        EXPORT,
        /** WADO-RS and QIDO-RS. */
        DICOMWEB
    }

    /** Default all four: one node does the whole flow. */
    @WithDefault("receive,synthesize,export,dicomweb")
    Set<Role> roles();

    /**
     * The name this node's claims and leases carry in the job store, unique in the cluster. Default: the host name
     * (a Kubernetes pod's name).
     */
    Optional<String> name();
}
