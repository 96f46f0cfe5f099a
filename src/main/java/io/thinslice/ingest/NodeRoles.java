package io.thinslice.ingest;

import io.quarkus.runtime.StartupEvent;
import io.thinslice.series.JobsConfig;
import io.thinslice.series.NodeConfig;
import io.thinslice.series.NodeConfig.Role;
import io.thinslice.series.NodeIdentity;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;

/**
 * What this node does ({@code thinslice.node.roles}) and the name its scratch folder carries ({@code thinslice.node.name}),
 * checked at start before anything else: a split of the roles needs the shared job store.
 */
@ApplicationScoped
public class NodeRoles {

    @Inject
    NodeConfig node;
    @Inject
    JobsConfig jobs;

    public boolean has(Role role) {
        return node.roles().contains(role);
    }

    /** The node's name: {@code thinslice.node.name}, or the host name (a pod's name). */
    public String name() {
        return NodeIdentity.name(node);
    }

    /** True with the shared job store: other nodes may use the same storage folder. */
    public boolean sharesStorage() {
        return NodeIdentity.sharedStore(jobs.store());
    }

    /**
     * This node's scratch folder for transfers in flight: {@code <storage>/incoming/<node name>} when nodes share the
     * storage, else {@code <storage>/incoming} (one node alone on its storage, as before clusters).
     */
    public Path incomingDir(Path incomingRoot) {
        return sharesStorage() ? incomingRoot.resolve(name()) : incomingRoot;
    }

    /** Stops the start on roles that cannot work together with the job store, or a name unfit for a folder. */
    void check(@Observes @Priority(1) StartupEvent event) {
        String problem = NodeIdentity.problem(node.roles(), jobs.store());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        name();
    }
}
