package io.thinslice.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.series.NodeConfig.Role;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** STOW-RS needs the receive role, QIDO-RS and WADO-RS the dicomweb role; the admin API needs none. */
class RoleGateTest {

    @Test
    void stowNeedsReceive() {
        Set<Role> roles = EnumSet.of(Role.SYNTHESIZE, Role.EXPORT, Role.DICOMWEB);
        Response r = RoleGate.refusal("POST", "/dicom-web/studies", roles::contains);
        assertEquals(501, r.getStatus());
        assertEquals("application/problem+json", r.getMediaType().toString());
        assertTrue(body(r).contains("STOW-RS is not offered by this node: thinslice.node.roles has no receive"), body(r));
        assertNull(RoleGate.refusal("GET", "/dicom-web/studies", roles::contains), "QIDO-RS stays");
        assertEquals(501, RoleGate.refusal("POST", "dicom-web;x=1/studies/1.2.3", roles::contains).getStatus(), "matrix parameters dropped");
    }

    @Test
    void qidoAndWadoNeedDicomweb() {
        Set<Role> roles = EnumSet.of(Role.RECEIVE, Role.SYNTHESIZE, Role.EXPORT);
        for (String path : new String[] {"/dicom-web/studies", "/dicom-web/series", "/dicom-web/studies/1.2/series/3.4/instances/5.6",
                "/dicom-web/studies/1.2/series/3.4/metadata", "/dicom-web/studies/1.2/series/3.4/instances/5.6/frames/1/rendered"}) {
            Response r = RoleGate.refusal("GET", path, roles::contains);
            assertEquals(501, r.getStatus(), path);
            assertTrue(body(r).contains("QIDO-RS and WADO-RS are not offered by this node: thinslice.node.roles has no dicomweb"), body(r));
        }
        assertNull(RoleGate.refusal("POST", "/dicom-web/studies", roles::contains), "STOW-RS stays");
    }

    @Test
    void theAdminApiIsOnEveryNode() {
        Set<Role> none = EnumSet.noneOf(Role.class);
        assertNull(RoleGate.refusal("GET", "/api/jobs", none::contains));
        assertNull(RoleGate.refusal("DELETE", "/api/jobs/x", none::contains));
        assertNull(RoleGate.refusal("POST", "/api/jobs/x/retry", none::contains));
    }

    private static String body(Response r) {
        return new String((byte[]) r.getEntity(), StandardCharsets.UTF_8);
    }
}
