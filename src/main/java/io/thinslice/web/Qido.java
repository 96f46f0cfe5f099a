package io.thinslice.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thinslice.dicom.DicomWebFiles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * QIDO-RS (PS3.18 10.6) over the {@link DicomWebIndex}: parses the query parameters, matches instances and groups
 * them into study, series or instance results with the attributes of PS3.18 table 10.6.3-3/-4/-5.
 */
public final class Qido {

    /** A query parameter the service cannot accept (400). */
    public static final class BadQueryException extends Exception {
        public BadQueryException(String message) {
            super(message);
        }
    }

    public enum Level { STUDY, SERIES, INSTANCE }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern TAG = Pattern.compile("[0-9A-Fa-f]{8}");
    private static final Pattern DATE = Pattern.compile("\\d{8}");

    static final List<String> STUDY_ATTRIBUTES = List.of("00080005", "00080020", "00080030", "00080050", "00080090", "00081030",
            "00100010", "00100020", "00100030", "00100040", "0020000D", "00200010");
    static final List<String> SERIES_ATTRIBUTES = List.of("00080060", "0008103E", "00200011", "0020000E", "00400244", "00400245");
    static final List<String> INSTANCE_ATTRIBUTES = List.of("00080016", "00080018", "00200013", "00280008", "00280010", "00280011",
            "00280100");
    /** Keys with matching; other known attributes are accepted and ignored (Warning header). */
    static final Set<String> MATCHED = Set.of("00100020", "00100010", "00080020", "0020000D", "0020000E", "00080060", "00080061",
            "0008103E", "00080018", "00080016", "00080050");
    private static final Set<String> UID_KEYS = Set.of("0020000D", "0020000E", "00080018", "00080016");

    /** The parsed request. */
    record Query(Map<String, String> keys, Set<String> include, boolean includeAll, int limit, int offset, List<String> ignored) {
    }

    private Qido() {
    }

    static Query parse(Map<String, List<String>> params) throws BadQueryException {
        Map<String, String> keys = new LinkedHashMap<>();
        Set<String> include = new LinkedHashSet<>();
        boolean all = false;
        int limit = Integer.MAX_VALUE;
        int offset = 0;
        List<String> ignored = new ArrayList<>();
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            String name = p.getKey();
            for (String value : p.getValue()) {
                switch (name) {
                    case "includefield" -> {
                        for (String f : value.split(",")) {
                            if (f.trim().equals("all")) {
                                all = true;
                            } else if (!f.isBlank()) {
                                include.add(tag(f.trim()));
                            }
                        }
                    }
                    case "limit" -> limit = nonNegative(name, value);
                    case "offset" -> offset = nonNegative(name, value);
                    case "fuzzymatching" -> {
                        if (value.equals("true")) {
                            ignored.add("fuzzymatching");
                        } else if (!value.equals("false")) {
                            throw new BadQueryException("fuzzymatching must be true or false: " + value);
                        }
                    }
                    default -> {
                        String t = tag(name);
                        if (t.equals("00080020") && !value.isEmpty()) {
                            checkDateRange(value);
                        }
                        if (MATCHED.contains(t)) {
                            keys.put(t, value);
                        } else if (!value.isEmpty() && !value.equals("*")) {
                            ignored.add(name); // a return key with a value we do not match on
                        }
                        include.add(t);
                    }
                }
            }
        }
        return new Query(keys, include, all, limit, offset, ignored);
    }

    private static int nonNegative(String name, String value) throws BadQueryException {
        try {
            int v = Integer.parseInt(value);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new BadQueryException(name + " must be a non-negative integer: " + value);
    }

    /** An attribute keyword or 8 hex digits → uppercase tag; anything else is a bad parameter. */
    static String tag(String name) throws BadQueryException {
        if (name.contains(".")) {
            throw new BadQueryException("sequence matching is not supported: " + name);
        }
        if (TAG.matcher(name).matches()) {
            return name.toUpperCase(Locale.ROOT);
        }
        String t = DicomWebFiles.tagOfKeyword(name);
        if (t == null) {
            throw new BadQueryException("unknown query parameter: " + name);
        }
        return t;
    }

    private static void checkDateRange(String v) throws BadQueryException {
        String[] r = v.split("-", -1);
        if (r.length > 2 || r.length == 2 && r[0].isEmpty() && r[1].isEmpty()) {
            throw new BadQueryException("StudyDate must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD: " + v);
        }
        for (String d : r) {
            if (!d.isEmpty() && !DATE.matcher(d).matches()) {
                throw new BadQueryException("StudyDate must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD: " + v);
            }
        }
    }

    /** Runs the query at {@code level}; {@code study}/{@code series} restrict it when the URL names them. */
    static ArrayNode run(List<DicomWebIndex.Entry> entries, Level level, String study, String series, Query q, String baseUrl) {
        Predicate<DicomWebIndex.Entry> match = e -> (study == null || study.equals(e.study())) && (series == null || series.equals(e.series()));
        for (Map.Entry<String, String> k : q.keys().entrySet()) {
            match = match.and(matcher(k.getKey(), k.getValue()));
        }
        Map<String, List<DicomWebIndex.Entry>> groups = new TreeMap<>();
        for (DicomWebIndex.Entry e : entries) {
            if (match.test(e)) {
                String key = switch (level) {
                    case STUDY -> e.study();
                    case SERIES -> e.study() + "/" + e.series();
                    case INSTANCE -> e.study() + "/" + e.series() + "/" + e.sop();
                };
                groups.computeIfAbsent(key, x -> new ArrayList<>()).add(e);
            }
        }
        ArrayNode out = F.arrayNode();
        int skipped = 0;
        for (List<DicomWebIndex.Entry> g : groups.values()) {
            if (skipped++ < q.offset()) {
                continue;
            }
            if (out.size() >= q.limit()) {
                break;
            }
            out.add(result(g, level, study == null, series == null, q, entries, baseUrl));
        }
        return out;
    }

    private static ObjectNode result(List<DicomWebIndex.Entry> group, Level level, boolean withStudy, boolean withSeries, Query q,
                                     List<DicomWebIndex.Entry> all, String baseUrl) {
        group.sort(Comparator.comparing(DicomWebIndex.Entry::sop));
        DicomWebIndex.Entry first = group.get(0);
        ObjectNode a = first.attributes();
        TreeMap<String, JsonNode> r = new TreeMap<>();
        List<String> wanted = new ArrayList<>();
        if (level == Level.STUDY || withStudy) {
            wanted.addAll(STUDY_ATTRIBUTES);
        }
        if (level != Level.STUDY) {
            wanted.addAll(SERIES_ATTRIBUTES);
            wanted.add("0020000D");
        }
        if (level == Level.INSTANCE) {
            wanted.addAll(INSTANCE_ATTRIBUTES);
        }
        wanted.addAll(q.include());
        for (String t : wanted) {
            if (a.has(t)) {
                r.put(t, a.get(t));
            }
        }
        if (q.includeAll()) {
            a.fields().forEachRemaining(f -> r.put(f.getKey(), f.getValue()));
        }
        String studyUrl = baseUrl + "/studies/" + first.study();
        switch (level) {
            case STUDY -> {
                List<DicomWebIndex.Entry> study = all.stream().filter(e -> e.study().equals(first.study())).toList();
                ArrayNode modalities = F.arrayNode();
                study.stream().map(e -> e.string("00080060")).filter(m -> m != null).distinct().sorted().forEach(modalities::add);
                r.put("00080061", attr("CS", modalities));
                r.put("00201206", attr("IS", F.arrayNode().add(study.stream().map(DicomWebIndex.Entry::series).distinct().count())));
                r.put("00201208", attr("IS", F.arrayNode().add(study.size())));
                r.put("00081190", attr("UR", F.arrayNode().add(studyUrl)));
            }
            case SERIES -> {
                long n = all.stream().filter(e -> e.series().equals(first.series())).count();
                r.put("00201209", attr("IS", F.arrayNode().add(n)));
                r.put("00081190", attr("UR", F.arrayNode().add(studyUrl + "/series/" + first.series())));
            }
            case INSTANCE -> {
                r.put("00080056", attr("CS", F.arrayNode().add("ONLINE")));
                r.put("00081190", attr("UR", F.arrayNode().add(studyUrl + "/series/" + first.series() + "/instances/" + first.sop())));
            }
        }
        ObjectNode o = F.objectNode();
        r.forEach(o::set);
        return o;
    }

    private static ObjectNode attr(String vr, ArrayNode values) {
        ObjectNode o = F.objectNode();
        o.put("vr", vr);
        if (!values.isEmpty()) {
            o.set("Value", values);
        }
        return o;
    }

    static Predicate<DicomWebIndex.Entry> matcher(String tag, String value) {
        if (value.isEmpty() || value.equals("*")) {
            return e -> true; // universal matching
        }
        if (UID_KEYS.contains(tag)) {
            Set<String> uids = Set.of(value.split("[,\\\\]"));
            return e -> uids.contains(e.string(tag));
        }
        if (tag.equals("00080020")) {
            String[] r = value.split("-", -1);
            String from = r[0];
            String to = r.length == 2 ? r[1] : r[0];
            return e -> {
                String d = e.string(tag);
                return d != null && (from.isEmpty() || d.compareTo(from) >= 0) && (to.isEmpty() || d.compareTo(to) <= 0);
            };
        }
        if (tag.equals("00080061")) {
            Set<String> modalities = Set.of(value.split("[,\\\\]"));
            return e -> modalities.contains(e.string("00080060"));
        }
        boolean person = tag.equals("00100010");
        Pattern p = wildcard(value, person);
        return e -> {
            JsonNode values = e.attributes().path(tag).path("Value");
            for (JsonNode v : values) {
                String s = v.isObject() ? v.path("Alphabetic").asText("") : v.asText("");
                if (p.matcher(s).matches()) {
                    return true;
                }
            }
            return false;
        };
    }

    /** PS3.4 C.2.2.2.4: '*' any sequence, '?' one character; PN matched without regard to case. */
    static Pattern wildcard(String value, boolean ignoreCase) {
        StringBuilder re = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL : Pattern.DOTALL);
    }
}
