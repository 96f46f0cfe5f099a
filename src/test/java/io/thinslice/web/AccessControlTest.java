package io.thinslice.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which role opens which door, when OIDC counts as configured, and what counts as this machine only. */
class AccessControlTest {

    @Test
    void rolesByDoor() {
        assertEquals("thinslice-read", AccessControl.requiredRole("GET", "/dicom-web/studies"));
        assertEquals("thinslice-read", AccessControl.requiredRole("GET", "/dicom-web/studies/1.2/series/3.4/instances/5.6/frames/1"));
        assertEquals("thinslice-write", AccessControl.requiredRole("POST", "/dicom-web/studies"));
        assertEquals("thinslice-write", AccessControl.requiredRole("POST", "dicom-web/studies/1.2"));
        assertEquals("thinslice-read", AccessControl.requiredRole("GET", "/api/jobs"));
        assertEquals("thinslice-read", AccessControl.requiredRole("GET", "/api/jobs/1.2.3"));
        assertEquals("thinslice-admin", AccessControl.requiredRole("POST", "/api/jobs/1.2.3/retry"));
        assertEquals("thinslice-admin", AccessControl.requiredRole("DELETE", "/api/jobs/1.2.3"));
        // Nothing the filter sees goes without a role (health and metrics never reach it).
        assertEquals("thinslice-read", AccessControl.requiredRole("GET", "/elsewhere"));
        assertEquals("thinslice-admin", AccessControl.requiredRole("POST", "/dicom-webby"), "a prefix of a name is not the door");
        assertEquals("thinslice-admin", AccessControl.requiredRole("PUT", "/dicom-web/studies"));
        // Matrix parameters do not move a request to another door.
        assertEquals("thinslice-write", AccessControl.requiredRole("POST", "/dicom-web;x=1/studies"));
        assertEquals("thinslice-admin", AccessControl.requiredRole("DELETE", "/api;x=1/jobs/1.2.3"));
        assertEquals("thinslice-read", AccessControl.requiredRole("GET", "/api;x=1/jobs"));
    }

    @Test
    void oidcIsOnWithAServerUrlUnlessSwitchedOff() {
        assertFalse(HttpDefaults.oidcConfigured(null, null));
        assertFalse(HttpDefaults.oidcConfigured(" ", null));
        assertTrue(HttpDefaults.oidcConfigured("https://kc/realms/r", null));
        assertTrue(HttpDefaults.oidcConfigured("https://kc/realms/r", "true"));
        assertFalse(HttpDefaults.oidcConfigured("https://kc/realms/r", "FALSE"));
    }

    @Test
    void loopbackHosts() {
        assertTrue(HttpExposure.loopback("127.0.0.1"));
        assertTrue(HttpExposure.loopback("::1"));
        assertTrue(HttpExposure.loopback("[::1]"));
        assertTrue(HttpExposure.loopback("localhost"));
        assertFalse(HttpExposure.loopback("0.0.0.0"));
        assertFalse(HttpExposure.loopback("::"));
        assertFalse(HttpExposure.loopback("192.0.2.7"));
    }
}
