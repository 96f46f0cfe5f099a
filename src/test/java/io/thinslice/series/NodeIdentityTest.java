package io.thinslice.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.thinslice.series.NodeConfig.Role;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Roles split over nodes need the shared job store; with the file store one node does the whole flow. */
class NodeIdentityTest {

    @Test
    void theFileStoreNeedsReceiveSynthesizeAndExportOnTheNode() {
        assertNull(NodeIdentity.problem(EnumSet.allOf(Role.class), "file"));
        assertNull(NodeIdentity.problem(EnumSet.of(Role.RECEIVE, Role.SYNTHESIZE, Role.EXPORT), "file"), "DICOMweb is optional");
        assertEquals("thinslice.node.roles=receive,dicomweb needs thinslice.jobs.store=postgresql: with the file job store (file) no other"
                        + " node sees this node's jobs, so the node must receive, synthesize and export itself (missing: synthesize,export)",
                NodeIdentity.problem(EnumSet.of(Role.DICOMWEB, Role.RECEIVE), "file"));
    }

    @Test
    void withPostgresqlAnySplitStarts() {
        assertNull(NodeIdentity.problem(EnumSet.of(Role.RECEIVE), "postgresql"));
        assertNull(NodeIdentity.problem(EnumSet.of(Role.SYNTHESIZE, Role.EXPORT), "postgresql"));
        assertNull(NodeIdentity.problem(EnumSet.of(Role.DICOMWEB), "postgresql"));
        assertEquals("thinslice.node.roles names no role; give at least one of receive,synthesize,export,dicomweb",
                NodeIdentity.problem(EnumSet.noneOf(Role.class), "postgresql"));
    }
}
