/**
 * Owns the way out: sending derived series to C-STORE and DICOMweb (STOW-RS) destinations with retries and exponential backoff,
 * and the bearer tokens a DICOMweb destination wants (fixed, or OAuth2 client credentials through Quarkus' OIDC client).
 * Must not change derived instances or decide job outcomes beyond reporting what each attempt achieved.
 */
package io.thinslice.export;
