package io.thinslice.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One audit message of DICOM PS3.15 A.5 (schema A.5.1), rendered by {@link #toXml}. Built by {@link AuditEvents}.
 *
 * @param eventId     EventID (PS3.15 A.5.3, e.g. DCM 110104 "DICOM Instances Transferred")
 * @param eventTypes  EventTypeCode, possibly none
 * @param action      EventActionCode C, R, U, D or E
 * @param outcome     EventOutcomeIndicator: 0 success, 4 minor failure, 8 serious failure
 * @param description EventOutcomeDescription, or null
 */
public record AuditMessage(Code eventId, List<Code> eventTypes, char action, Instant at, int outcome, String description,
                           List<Participant> participants, List<ParticipantObject> objects) {

    public static final int SUCCESS = 0;
    public static final int MINOR_FAILURE = 4;

    /**
     * An ActiveParticipant.
     *
     * @param networkAccessPoint host name or IP address, or null
     * @param role               RoleIDCode, or null
     */
    public record Participant(String userId, boolean requestor, String networkAccessPoint, Code role) {
    }

    /**
     * A ParticipantObjectIdentification.
     *
     * @param typeCode   ParticipantObjectTypeCode (1 person, 2 system object)
     * @param role       ParticipantObjectTypeCodeRole (1 patient, 3 report, 13 security resource, 24 query ...)
     * @param lifeCycle  ParticipantObjectDataLifeCycle, 0 for none
     * @param name       ParticipantObjectName, or null when {@code query} is given (the schema takes one of the two)
     * @param query      ParticipantObjectQuery (base64 in the XML), or null
     * @param sopClasses SOP Class UID → number of instances, for the ParticipantObjectDescription of a study
     */
    public record ParticipantObject(String id, int typeCode, int role, int lifeCycle, Code idType, String name, byte[] query,
                                    Map<String, Integer> sopClasses) {
    }

    /** The event's name, for the ordinary log (never the payload). */
    public String eventName() {
        return eventId.meaning() + (action == 0 ? "" : " (" + action + ")");
    }

    /** The AuditMessage document on one line (line breaks in values are written as character references). */
    public String toXml(String auditSourceId) {
        StringBuilder x = new StringBuilder(1024);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><AuditMessage><EventIdentification");
        attr(x, "EventActionCode", String.valueOf(action));
        attr(x, "EventDateTime", at.toString());
        attr(x, "EventOutcomeIndicator", Integer.toString(outcome));
        x.append('>');
        code(x, "EventID", eventId);
        eventTypes.forEach(t -> code(x, "EventTypeCode", t));
        if (description != null && !description.isBlank()) {
            x.append("<EventOutcomeDescription>").append(escape(description)).append("</EventOutcomeDescription>");
        }
        x.append("</EventIdentification>");
        for (Participant p : participants) {
            x.append("<ActiveParticipant");
            attr(x, "UserID", p.userId());
            attr(x, "UserIsRequestor", Boolean.toString(p.requestor()));
            if (p.networkAccessPoint() != null) {
                attr(x, "NetworkAccessPointID", p.networkAccessPoint());
                attr(x, "NetworkAccessPointTypeCode", isIpAddress(p.networkAccessPoint()) ? "2" : "1");
            }
            x.append('>');
            if (p.role() != null) {
                code(x, "RoleIDCode", p.role());
            }
            x.append("</ActiveParticipant>");
        }
        x.append("<AuditSourceIdentification");
        attr(x, "AuditSourceID", auditSourceId);
        // 4: application server process (PS3.15 A.5.1.2.1)
        x.append("><AuditSourceTypeCode csd-code=\"4\"/></AuditSourceIdentification>");
        for (ParticipantObject o : objects) {
            x.append("<ParticipantObjectIdentification");
            attr(x, "ParticipantObjectID", o.id());
            attr(x, "ParticipantObjectTypeCode", Integer.toString(o.typeCode()));
            attr(x, "ParticipantObjectTypeCodeRole", Integer.toString(o.role()));
            if (o.lifeCycle() > 0) {
                attr(x, "ParticipantObjectDataLifeCycle", Integer.toString(o.lifeCycle()));
            }
            x.append('>');
            code(x, "ParticipantObjectIDTypeCode", o.idType());
            if (o.query() != null) {
                x.append("<ParticipantObjectQuery>").append(Base64.getEncoder().encodeToString(o.query())).append("</ParticipantObjectQuery>");
            } else {
                x.append("<ParticipantObjectName>").append(escape(o.name())).append("</ParticipantObjectName>");
            }
            if (o.sopClasses() != null && !o.sopClasses().isEmpty()) {
                x.append("<ParticipantObjectDescription>");
                o.sopClasses().forEach((uid, n) -> {
                    x.append("<SOPClass");
                    attr(x, "UID", uid);
                    attr(x, "NumberOfInstances", Integer.toString(n));
                    x.append("/>");
                });
                x.append("</ParticipantObjectDescription>");
            }
            x.append("</ParticipantObjectIdentification>");
        }
        return x.append("</AuditMessage>").toString();
    }

    public byte[] toXmlBytes(String auditSourceId) {
        return toXml(auditSourceId).getBytes(StandardCharsets.UTF_8);
    }

    private static void code(StringBuilder x, String element, Code c) {
        x.append('<').append(element);
        attr(x, "csd-code", c.code());
        attr(x, "codeSystemName", c.system());
        attr(x, "displayName", c.meaning());
        attr(x, "originalText", c.meaning());
        x.append("/>");
    }

    private static void attr(StringBuilder x, String name, String value) {
        x.append(' ').append(name).append("=\"").append(escape(value)).append('"');
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\n' -> b.append("&#10;");
                case '\r' -> b.append("&#13;");
                case '\t' -> b.append("&#9;");
                default -> {
                    // Other control characters are not allowed in XML 1.0 at all.
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                        b.append('?');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static boolean isIpAddress(String s) {
        return s.matches("[0-9.]+") || s.contains(":");
    }
}
