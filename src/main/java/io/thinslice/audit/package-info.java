/**
 * The audit trail: IHE ATNA / DICOM PS3.15 A.5 audit messages ({@link io.thinslice.audit.AuditEvents} builds them,
 * plain Java), and their delivery off the request threads ({@link io.thinslice.audit.AsyncAuditTrail}) by syslog
 * (RFC 5424 over UDP, RFC 5426, or TLS, RFC 5425) and/or to a local file. Every other package may report to it; it
 * depends on none of them. Audit payloads (which may carry patient identifiers) never go to the ordinary log.
 */
package io.thinslice.audit;
