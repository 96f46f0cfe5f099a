package io.thinslice.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The node's audit messages, each mapped to the event of DICOM PS3.15 A.5.3 that fits it (the conformance statement
 * lists the mapping). {@code node} is the node's own identity as an active participant (its AE title).
 */
public final class AuditEvents {

    // PS3.16 CID 400 Audit Event ID
    static final Code INSTANCES_ACCESSED = Code.dcm("110103", "DICOM Instances Accessed");
    static final Code INSTANCES_TRANSFERRED = Code.dcm("110104", "DICOM Instances Transferred");
    static final Code QUERY = Code.dcm("110112", "Query");
    static final Code SECURITY_ALERT = Code.dcm("110113", "Security Alert");
    static final Code USER_AUTHENTICATION = Code.dcm("110114", "User Authentication");
    // CID 401 Audit Event Type Code (User Authentication) and CID 403 (Security Alert)
    static final Code LOGIN = Code.dcm("110122", "Login");
    static final Code NODE_AUTHENTICATION = Code.dcm("110126", "Node Authentication");
    static final Code USE_OF_RESTRICTED_FUNCTION = Code.dcm("110132", "Use of Restricted Function");
    // CID 402 Audit Active Participant Role ID Code
    static final Code APPLICATION = Code.dcm("110150", "Application");
    static final Code DESTINATION = Code.dcm("110152", "Destination Role ID");
    static final Code SOURCE = Code.dcm("110153", "Source Role ID");
    // CID 404 Audit Participant Object ID Type Code, and RFC 3881 / PS3.15 A.5.1.2.4
    static final Code STUDY_INSTANCE_UID = Code.dcm("110180", "Study Instance UID");
    static final Code SOP_CLASS_UID = Code.dcm("110181", "SOP Class UID");
    static final Code NODE_ID = Code.dcm("110182", "Node ID");
    static final Code URI = Code.rfc3881("12", "URI");
    /** Study Root Query/Retrieve Information Model - FIND: the SOP Class a QIDO-RS search corresponds to. */
    static final String STUDY_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.2.1";

    private static final int SYSTEM_OBJECT = 2;
    private static final int ROLE_REPORT = 3;
    private static final int ROLE_SECURITY_RESOURCE = 13;
    private static final int ROLE_QUERY = 24;
    private static final int LIFE_CYCLE_DERIVATION = 8;
    private static final int LIFE_CYCLE_EXPORT = 10;
    private static final int LIFE_CYCLE_ERASURE = 15;

    /** Who did something, seen from the node: an AE title or HTTP client, and the host it came from (or null). */
    public record Peer(String id, String host) {
    }

    /** Instances of one series: its study, the series, SOP Class UID → count. */
    public record SeriesInstances(String studyUid, String seriesUid, Map<String, Integer> sopClasses) {
    }

    private final String node;
    private final String nodeHost;

    public AuditEvents(String node, String nodeHost) {
        this.node = node;
        this.nodeHost = nodeHost;
    }

    /** A.5.3.11 Security Alert, Node Authentication (success): an association passed the node's checks. */
    public AuditMessage associationAccepted(Peer caller) {
        return new AuditMessage(SECURITY_ALERT, List.of(NODE_AUTHENTICATION), 'E', Instant.now(), AuditMessage.SUCCESS,
                "association accepted from calling AE title " + caller.id(),
                List.of(participant(caller, true, SOURCE), self(false, DESTINATION)), List.of(nodeObject(caller)));
    }

    /** A.5.3.11 Security Alert, Node Authentication (failure): an association refused (calling AE not allowed, busy ...). */
    public AuditMessage associationRefused(Peer caller, String reason) {
        return new AuditMessage(SECURITY_ALERT, List.of(NODE_AUTHENTICATION), 'E', Instant.now(), AuditMessage.MINOR_FAILURE,
                "association refused: " + reason, List.of(participant(caller, true, SOURCE), self(false, DESTINATION)),
                List.of(nodeObject(caller)));
    }

    /** A.5.3.7 DICOM Instances Transferred, Create: instances received by C-STORE or STOW-RS and kept. */
    public AuditMessage instancesStored(Peer sender, List<SeriesInstances> series, int outcome, String description) {
        return new AuditMessage(INSTANCES_TRANSFERRED, List.of(), 'C', Instant.now(), outcome, description,
                List.of(participant(sender, true, SOURCE), self(false, DESTINATION)), studies(series, 0));
    }

    /** A.5.3.6 DICOM Instances Accessed, Create: the node derived a thin-slice series from a received one. */
    public AuditMessage seriesDerived(SeriesInstances derived) {
        return new AuditMessage(INSTANCES_ACCESSED, List.of(), 'C', Instant.now(), AuditMessage.SUCCESS,
                "series derived", List.of(self(true, APPLICATION)), studies(List.of(derived), LIFE_CYCLE_DERIVATION));
    }

    /** A.5.3.7 DICOM Instances Transferred, Read: the node sent a derived series to an export destination. */
    public AuditMessage instancesExported(String destination, SeriesInstances series, int outcome, String description) {
        return new AuditMessage(INSTANCES_TRANSFERRED, List.of(), 'R', Instant.now(), outcome, description,
                List.of(self(true, SOURCE), new AuditMessage.Participant(destination, false, null, DESTINATION)),
                studies(List.of(series), LIFE_CYCLE_EXPORT));
    }

    /** A.5.3.10 Query: a QIDO-RS search; the object is the request's path and query string. */
    public AuditMessage query(Peer client, String requestUri, int outcome) {
        AuditMessage.ParticipantObject q = new AuditMessage.ParticipantObject(STUDY_ROOT_FIND, SYSTEM_OBJECT, ROLE_QUERY, 0, SOP_CLASS_UID,
                null, requestUri.getBytes(StandardCharsets.UTF_8), null);
        return new AuditMessage(QUERY, List.of(), 'E', Instant.now(), outcome, null,
                List.of(participant(client, true, SOURCE), self(false, DESTINATION)), List.of(q));
    }

    /** A.5.3.7 DICOM Instances Transferred, Read: instances or their metadata sent to a WADO-RS client. */
    public AuditMessage retrieved(Peer client, String requestUri, List<SeriesInstances> series, int outcome, String description) {
        return new AuditMessage(INSTANCES_TRANSFERRED, List.of(), 'R', Instant.now(), outcome,
                description == null ? requestUri : description + ": " + requestUri,
                List.of(self(false, SOURCE), participant(client, true, DESTINATION)), studies(series, 0));
    }

    /**
     * A.5.3.6 DICOM Instances Accessed, Delete: a series' files erased, by the retention check (no client: the node
     * itself is the requestor) or by an operator's {@code DELETE /api/jobs/{id}}.
     */
    public AuditMessage deleted(Peer requestor, SeriesInstances series, String reason) {
        List<AuditMessage.Participant> who = new ArrayList<>();
        if (requestor != null) {
            who.add(participant(requestor, true, null));
        }
        who.add(self(requestor == null, APPLICATION));
        return new AuditMessage(INSTANCES_ACCESSED, List.of(), 'D', Instant.now(), AuditMessage.SUCCESS, reason, who,
                studies(List.of(series), LIFE_CYCLE_ERASURE));
    }

    /**
     * An HTTP request answered 401 or 403. 401 (no or bad credentials): A.5.3.13 User Authentication, Login, failed.
     * 403 (authenticated, not allowed): A.5.3.11 Security Alert, Use of Restricted Function.
     */
    public AuditMessage httpRefused(Peer client, int status, String method, String requestUri) {
        boolean unauthenticated = status == 401;
        AuditMessage.ParticipantObject resource = new AuditMessage.ParticipantObject(requestUri, SYSTEM_OBJECT, ROLE_SECURITY_RESOURCE, 0, URI,
                method + " " + requestUri, null, null);
        return new AuditMessage(unauthenticated ? USER_AUTHENTICATION : SECURITY_ALERT,
                List.of(unauthenticated ? LOGIN : USE_OF_RESTRICTED_FUNCTION), 'E', Instant.now(), AuditMessage.MINOR_FAILURE,
                "HTTP " + status + " for " + method + " " + requestUri, List.of(participant(client, true, null), self(false, null)),
                List.of(resource));
    }

    private AuditMessage.Participant self(boolean requestor, Code role) {
        return new AuditMessage.Participant(node, requestor, nodeHost, role);
    }

    private static AuditMessage.Participant participant(Peer peer, boolean requestor, Code role) {
        return new AuditMessage.Participant(peer.id() == null || peer.id().isBlank() ? "unknown" : peer.id(), requestor, peer.host(), role);
    }

    private static AuditMessage.ParticipantObject nodeObject(Peer caller) {
        String id = caller.id() == null || caller.id().isBlank() ? "unknown" : caller.id();
        return new AuditMessage.ParticipantObject(id, SYSTEM_OBJECT, ROLE_SECURITY_RESOURCE, 0, NODE_ID,
                caller.host() == null ? id : id + "@" + caller.host(), null, null);
    }

    /** One study object per series (the schema wants a name: the Series Instance UID, which says which series of the study). */
    private static List<AuditMessage.ParticipantObject> studies(List<SeriesInstances> series, int lifeCycle) {
        List<AuditMessage.ParticipantObject> objects = new ArrayList<>();
        for (SeriesInstances s : series) {
            objects.add(new AuditMessage.ParticipantObject(s.studyUid() == null ? "unknown" : s.studyUid(), SYSTEM_OBJECT, ROLE_REPORT, lifeCycle, STUDY_INSTANCE_UID,
                    "series " + (s.seriesUid() == null ? "unknown" : s.seriesUid()), null, s.sopClasses()));
        }
        return objects;
    }
}
