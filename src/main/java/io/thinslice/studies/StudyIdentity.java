package io.thinslice.studies;

import java.util.Arrays;
import java.util.List;

/**
 * Which data a study is, as a string that training writes into the weights' provenance and evaluation compares:
 * {@code source} or {@code source:from-to} (slices [from, to) of that source along z). Two identities overlap when
 * their sources are equal and their slice ranges (whole when absent) intersect: a learned method scored on data it was
 * trained on is not a result.
 */
public final class StudyIdentity {

    private StudyIdentity() {
    }

    /** {@code source:from-to}. */
    public static String of(String source, int from, int to) {
        return source + ":" + from + "-" + to;
    }

    /** Whether two identities name overlapping data. */
    public static boolean overlap(String a, String b) {
        String[] x = split(a);
        String[] y = split(b);
        if (!x[0].equals(y[0])) {
            return false;
        }
        if (x[1] == null || y[1] == null) {
            return true;
        }
        int[] r = range(x[1]);
        int[] s = range(y[1]);
        return r[0] < s[1] && s[0] < r[1];
    }

    /** The identities in {@code seen} that overlap {@code study}. */
    public static List<String> overlapping(String study, List<String> seen) {
        return seen.stream().filter(s -> overlap(study, s)).toList();
    }

    /** Parses the semicolon-separated list written into weights' provenance. */
    public static List<String> parseList(String list) {
        return list == null || list.isBlank() ? List.of() : Arrays.stream(list.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String[] split(String id) {
        int colon = id.lastIndexOf(':');
        if (colon > 0 && id.substring(colon + 1).matches("\\d+-\\d+")) {
            return new String[] {id.substring(0, colon), id.substring(colon + 1)};
        }
        return new String[] {id, null};
    }

    private static int[] range(String r) {
        String[] p = r.split("-");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
    }
}
