package io.thinslice.ingest;

import io.quarkus.runtime.StartupEvent;
import io.thinslice.series.JobsConfig;
import io.thinslice.series.NodeConfig;
import io.thinslice.series.NodeConfig.Role;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What this node does ({@code thinslice.node.roles}) and the name its scratch folder carries ({@code thinslice.node.name}),
 * checked at start before anything else: a split of the roles needs the shared job store.
 */
@ApplicationScoped
public class NodeRoles {

    /**
     * A node's name names its folder under {@code incoming/}: nothing that could leave that folder ({@code .} or
     * {@code ..}), within the job store's limit of 63 characters.
     */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    /** Without the shared job store one node must do the whole flow: no other node would see its jobs. */
    static final List<Role> FILE_STORE_NEEDS = List.of(Role.RECEIVE, Role.SYNTHESIZE, Role.EXPORT);

    @Inject
    NodeConfig node;
    @Inject
    JobsConfig jobs;

    public boolean has(Role role) {
        return node.roles().contains(role);
    }

    /** The node's name: {@code thinslice.node.name}, or the host name (a pod's name). */
    public String name() {
        String name = node.name().map(String::trim).filter(n -> !n.isEmpty()).orElseGet(NodeRoles::hostName);
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("thinslice.node.name must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or"
                    + " digit (it names the node's folders under incoming/ and derived-staging/), was '" + name + "'" + (node.name().isEmpty() ? " (the host name)" : ""));
        }
        return name;
    }

    /** True with the shared job store: other nodes may use the same storage folder. */
    public boolean sharesStorage() {
        return "postgresql".equalsIgnoreCase(jobs.store().trim());
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
        String problem = problem(node.roles(), jobs.store());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        name();
    }

    /** Why these roles cannot run with this job store, or null when they can. */
    static String problem(Set<Role> roles, String store) {
        if (roles.isEmpty()) {
            return "thinslice.node.roles names no role; give at least one of " + setting(EnumSet.allOf(Role.class));
        }
        if (!"postgresql".equalsIgnoreCase(store.trim())) {
            List<Role> missing = FILE_STORE_NEEDS.stream().filter(r -> !roles.contains(r)).toList();
            if (!missing.isEmpty()) {
                return "thinslice.node.roles=" + setting(roles) + " needs thinslice.jobs.store=postgresql: with the file job store ("
                        + store.trim() + ") no other node sees this node's jobs, so the node must receive, synthesize and export itself"
                        + " (missing: " + setting(missing) + ")";
            }
        }
        return null;
    }

    /** Roles as the setting writes them, e.g. {@code receive,dicomweb}. */
    static String setting(java.util.Collection<Role> roles) {
        return roles.stream().sorted().map(r -> r.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "thinslice"; // as the job engine names the node then
        }
    }
}
