package io.thinslice.dicom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The DICOM JSON Model of PS3.18 Annex F, written from a PixelMed {@link AttributeList} (PixelMed's own JSON writer
 * is not conformant: lowercase keys, DS/IS as strings). Keys are the eight uppercase hex digits of the tag; each
 * attribute is {"vr": ..., "Value": [...]}; DS, IS and the binary numeric VRs are JSON numbers; PN is
 * {"Alphabetic", "Ideographic", "Phonetic"}; SQ items are nested objects; binary values (OB, OW, UN, ...) are a
 * BulkDataURI when the caller names one for the (top-level) tag, else InlineBinary up to {@code inlineLimit} bytes,
 * else the attribute is given with its VR only. Group 0002 (File Meta Information) is left out.
 */
public final class DicomJsonWriter {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> BINARY = Set.of("OB", "OW", "OF", "OD", "OL", "OV", "UN");
    private static final Set<String> INTEGERS = Set.of("US", "SS", "UL", "SL", "UV", "SV");
    private static final Set<String> FLOATS = Set.of("FL", "FD");

    /** Attribute selection for the writer. */
    public record Options(boolean sequences, int inlineLimit, Function<String, String> bulkDataUri) {
        /** Everything, binary values as BulkDataURI where {@code bulkDataUri} gives one (tag hex in, URI or null out). */
        public static Options full(Function<String, String> bulkDataUri) {
            return new Options(true, 0, bulkDataUri);
        }

        /** Without sequences and binary values: the small set kept in a query index. */
        public static Options queryAttributes() {
            return new Options(false, 0, t -> null);
        }
    }

    private DicomJsonWriter() {
    }

    /** One dataset as a DICOM JSON object. */
    public static ObjectNode toJson(AttributeList list, Options options) {
        return object(list, options, true);
    }

    /** Upper-case eight hex digit key of a tag, as Annex F wants. */
    public static String key(AttributeTag tag) {
        return String.format(Locale.ROOT, "%04X%04X", tag.getGroup(), tag.getElement());
    }

    private static ObjectNode object(AttributeList list, Options options, boolean topLevel) {
        ObjectNode o = F.objectNode();
        for (Attribute a : list.values()) {
            AttributeTag tag = a.getTag();
            if (tag.getGroup() == 0x0002 || tag.getElement() == 0x0000 || tag.getGroup() == 0xFFFE) {
                continue; // file meta, group lengths, item delimiters
            }
            String vr = a.getVRAsString();
            if ("SQ".equals(vr) && !options.sequences()) {
                continue;
            }
            ObjectNode attribute = attribute(a, vr, options, topLevel);
            if (attribute != null) {
                o.set(key(tag), attribute);
            }
        }
        return o;
    }

    private static ObjectNode attribute(Attribute a, String vr, Options options, boolean topLevel) {
        ObjectNode o = F.objectNode();
        o.put("vr", vr);
        try {
            if (a instanceof SequenceAttribute seq) {
                if (seq.getNumberOfItems() > 0) {
                    ArrayNode items = o.putArray("Value");
                    for (Iterator<SequenceItem> it = seq.iterator(); it.hasNext(); ) {
                        items.add(object(it.next().getAttributeList(), options, false));
                    }
                }
                return o;
            }
            if (BINARY.contains(vr)) {
                String uri = topLevel ? options.bulkDataUri().apply(key(a.getTag())) : null;
                if (uri != null) {
                    o.put("BulkDataURI", uri);
                } else if (a.getVL() > 0 && a.getVL() <= options.inlineLimit()) {
                    byte[] bytes = a.getByteValues(false);
                    if (bytes != null) {
                        o.put("InlineBinary", Base64.getEncoder().encodeToString(bytes));
                    }
                } else if (!options.sequences()) {
                    return null; // the query index keeps no empty binary placeholders
                }
                return o;
            }
            if (a.getVL() == 0) {
                return o;
            }
            if (a instanceof AttributeTagAttribute at) {
                ArrayNode values = o.putArray("Value");
                for (AttributeTag t : at.getAttributeTagValues()) {
                    values.add(key(t));
                }
                return o;
            }
            if (INTEGERS.contains(vr)) {
                ArrayNode values = o.putArray("Value");
                for (long v : a.getLongValues()) {
                    values.add(v);
                }
                return o;
            }
            if (FLOATS.contains(vr)) {
                ArrayNode values = o.putArray("Value");
                for (double v : a.getDoubleValues()) {
                    if (Double.isFinite(v)) {
                        values.add(v);
                    } else {
                        values.addNull();
                    }
                }
                return o;
            }
            String[] strings = a.getOriginalStringValues();
            if (strings == null || strings.length == 0) {
                return o;
            }
            ArrayNode values = o.putArray("Value");
            for (String raw : strings) {
                values.add(value(vr, raw));
            }
            if (allNull(values)) {
                o.remove("Value");
            }
        } catch (DicomException | RuntimeException e) {
            o.remove("Value");
        }
        return o;
    }

    /** One string value of a text VR as JSON: a number for DS/IS, an object for PN, else a trimmed string; null when empty. */
    static JsonNode value(String vr, String raw) {
        String s = trim(vr, raw);
        if (s.isEmpty()) {
            return F.nullNode();
        }
        switch (vr) {
            case "DS":
                try {
                    return F.numberNode(new BigDecimal(s.trim()));
                } catch (NumberFormatException e) {
                    return F.nullNode();
                }
            case "IS":
                try {
                    return F.numberNode(Long.parseLong(s.trim().startsWith("+") ? s.trim().substring(1) : s.trim()));
                } catch (NumberFormatException e) {
                    return F.nullNode();
                }
            case "PN":
                ObjectNode pn = F.objectNode();
                String[] groups = s.split("=", -1);
                String[] names = {"Alphabetic", "Ideographic", "Phonetic"};
                for (int i = 0; i < Math.min(3, groups.length); i++) {
                    if (!groups[i].isEmpty()) {
                        pn.put(names[i], groups[i]);
                    }
                }
                return pn.isEmpty() ? F.nullNode() : pn;
            default:
                return F.textNode(s);
        }
    }

    private static String trim(String vr, String raw) {
        if (raw == null) {
            return "";
        }
        int end = raw.length();
        while (end > 0 && (raw.charAt(end - 1) == ' ' || raw.charAt(end - 1) == 0)) {
            end--;
        }
        String s = raw.substring(0, end);
        // Leading spaces are significant only in UT, ST, LT and UC-like free text.
        return Set.of("UT", "ST", "LT").contains(vr) ? s : s.stripLeading();
    }

    private static boolean allNull(ArrayNode values) {
        for (JsonNode v : values) {
            if (!v.isNull()) {
                return false;
            }
        }
        return true;
    }
}
