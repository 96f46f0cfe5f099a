package io.thinslice.series;

import io.thinslice.series.NodeConfig.Role;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The rules of {@code thinslice.node.*}, in one place for the job engine and the ways in. */
public final class NodeIdentity {

    /**
     * A node's name names its folders on the shared storage ({@code incoming/<name>}, {@code derived-staging/<name>}):
     * nothing that could leave them ({@code .} or {@code ..}), within the job store's 63 characters.
     */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    /** Without the shared job store one node must do the whole flow: no other node would see its jobs. */
    static final List<Role> FILE_STORE_NEEDS = List.of(Role.RECEIVE, Role.SYNTHESIZE, Role.EXPORT);

    private NodeIdentity() {
    }

    /** {@code thinslice.node.name}, or the host name (a pod's name); refused if unfit for a folder name. */
    public static String name(NodeConfig node) {
        String name = node.name().map(String::trim).filter(n -> !n.isEmpty()).orElseGet(() -> hostName("thinslice"));
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("thinslice.node.name must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or"
                    + " digit (it names the node's folders under incoming/ and derived-staging/), was '" + name + "'"
                    + (node.name().isEmpty() ? " (the host name)" : ""));
        }
        return name;
    }

    /** True with the shared job store: other nodes may use the same storage folder. */
    public static boolean sharedStore(String store) {
        return "postgresql".equalsIgnoreCase(store.trim());
    }

    /** Why these roles cannot run with this job store, or null when they can. */
    public static String problem(Set<Role> roles, String store) {
        if (roles.isEmpty()) {
            return "thinslice.node.roles names no role; give at least one of " + setting(EnumSet.allOf(Role.class));
        }
        if (!sharedStore(store)) {
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
    public static String setting(Collection<Role> roles) {
        return roles.stream().sorted().map(r -> r.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
    }

    /**
     * This machine's name: {@code HOSTNAME} (a pod's name in Kubernetes), else the resolver's, else {@code fallback}.
     * The default node name and the audit messages' host both use it.
     */
    public static String hostName(String fallback) {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return fallback;
        }
    }
}
