package io.thinslice.dicom;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes patient data from text bound for an ordinary log: the values of Patient Module attributes (group 0010: name,
 * ID, birth date, ...) and of every Person Name, in the forms in which a data set can end up in a message. The node's
 * own messages name UIDs and job ids only; this is the net under messages made by libraries.
 * <ul>
 * <li>PixelMed's attribute dump ({@code AttributeList.toString()}): {@code (0x0010,0x0010) PatientName VR=<PN> VL=<0x8> <Doe^John>};</li>
 * <li>dcmtk's dump: {@code (0010,0010) PN [Doe^John]};</li>
 * <li>DICOM JSON: {@code "00100010":{"vr":"PN","Value":[...]}};</li>
 * <li>query strings and URLs (QIDO-RS matching keys): {@code PatientName=Doe*}, {@code 00100020=123}.</li>
 * </ul>
 */
public final class LogRedaction {

    public static final String REDACTED = "(redacted)";
    private static final String PATIENT_GROUP = "0010";

    /** PixelMed: {@code (0x0010,0x0010) PatientName VR=<PN> VL=<0x8> <Doe^John>}; group 1, VR 2, value 3. */
    private static final Pattern PIXELMED_DUMP = Pattern.compile(
            "\\(0x([0-9A-Fa-f]{4}),0x[0-9A-Fa-f]{4}\\)[^\\n<]*VR=<([A-Z]{2})>[^\\n<]*VL=<[^>\\n]*>[ \\t]*(<[^\\n]*>)");
    /** dcmtk: {@code (0010,0010) PN [Doe^John]}. */
    private static final Pattern DCMTK_DUMP = Pattern.compile("\\(([0-9A-Fa-f]{4}),[0-9A-Fa-f]{4}\\)[ \\t]+([A-Z]{2})[ \\t]+(\\[[^\\]\\n]*\\])");
    /** DICOM JSON: {@code "00100010":{"vr":"PN","Value":[...]}} (a PN value is an object, never holds a ']'). */
    private static final Pattern JSON_VALUE = Pattern.compile(
            "\"([0-9A-Fa-f]{4})[0-9A-Fa-f]{4}\"\\s*:\\s*\\{\\s*\"vr\"\\s*:\\s*\"([A-Z]{2})\"\\s*,\\s*\"Value\"\\s*:\\s*(\\[[^\\]]*\\])");
    /** Query keys of the Patient Module, by keyword or tag: {@code PatientName=Doe*}, {@code 00100020=123}. */
    private static final Pattern QUERY = Pattern.compile("(?<![A-Za-z0-9])(?:Patient[A-Za-z]*|0010[0-9A-Fa-f]{4})=([^&\\s\"'#]*)");

    private LogRedaction() {
    }

    /** {@code text} with patient data replaced by {@link #REDACTED}; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = values(PIXELMED_DUMP, text, "<" + REDACTED + ">");
        s = values(DCMTK_DUMP, s, "[" + REDACTED + "]");
        s = values(JSON_VALUE, s, "[\"" + REDACTED + "\"]");
        return replace(QUERY, s, 1, REDACTED);
    }

    /** Whether {@link #redact} changes {@code text}. */
    public static boolean needsRedaction(String text) {
        return text != null && !text.equals(redact(text));
    }

    /**
     * An exception as a message may quote it: its class and its message, redacted. For exceptions from PixelMed,
     * whose messages are not ours to shape.
     */
    public static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + redact(m));
    }

    /** Replaces group 3 (the value) where group 1 is the Patient group or group 2 the VR PN. */
    private static String values(Pattern p, String text, String replacement) {
        return replaceWhere(p, text, 3, replacement, m -> PATIENT_GROUP.equals(m.group(1)) || "PN".equals(m.group(2)));
    }

    private static String replace(Pattern p, String text, int group, String replacement) {
        return replaceWhere(p, text, group, replacement, m -> true);
    }

    private static String replaceWhere(Pattern p, String text, int group, String replacement, Predicate<Matcher> where) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        do {
            if (where.test(m)) {
                out.append(text, at, m.start(group)).append(replacement);
                at = m.end(group);
            }
        } while (m.find());
        return out.append(text, at, text.length()).toString();
    }
}
