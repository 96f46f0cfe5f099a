package io.thinslice.series;

import io.thinslice.volume.SliceHeader;
import io.thinslice.volume.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which complete series are worth deriving, decided on their headers alone (before any pixel is read), so that a PACS
 * rule "send every CT series" does not turn topograms, thin reconstructions, reformats and short series into failed
 * jobs or into useless derived series. A series that is not selected becomes an {@code ignored} job whose reason names
 * the rule and the setting; one that is selected still goes through {@code VolumeBuilder.validate}, whose errors (a gap,
 * two orientations) stay {@code failed}.
 *
 * <p>The rules, in the order they are checked (the first that refuses names the reason):
 * {@value #THINSLICE_OUTPUT}, {@value #MODALITY}, {@value #SOP_CLASS}, {@value #LOCALIZER}, {@value #REFORMAT},
 * {@value #IMAGE_TYPE}, {@value #INCLUDE}, {@value #EXCLUDE}, {@value #MIN_SLICES}, {@value #MIN_SPACING},
 * {@value #MAX_SPACING}.
 */
public final class SeriesSelection {

    public static final String THINSLICE_OUTPUT = "thinslice-output";
    public static final String MODALITY = "modality";
    public static final String SOP_CLASS = "sop-class";
    public static final String LOCALIZER = "localizer";
    public static final String REFORMAT = "reformat";
    public static final String IMAGE_TYPE = "image-type";
    public static final String INCLUDE = "include";
    public static final String EXCLUDE = "exclude";
    public static final String MIN_SLICES = "min-slices";
    public static final String MIN_SPACING = "min-spacing";
    public static final String MAX_SPACING = "max-spacing";

    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    /** Fewest slices synthesis can work on: a smaller {@code min-slices} would let short series fail validation. */
    static final int LEAST_MIN_SLICES = 3;
    /** DS values are rounded: a spacing this close to a limit meets it. */
    private static final double SPACING_TOLERANCE_MM = 0.01;
    /** Direction cosines that differ by less than this are the same orientation (as in VolumeBuilder). */
    private static final double ORIENTATION_TOLERANCE = 1e-4;

    /** What a reformat (Image Type {@code DERIVED\SECONDARY}) gets. */
    public enum Reformats { IGNORE, PROCESS }

    /** The attributes the include and exclude patterns apply to, with the setting names' middle parts. */
    public enum Attribute {
        SERIES_DESCRIPTION("Series Description", "series-description"),
        PROTOCOL_NAME("Protocol Name", "protocol-name"),
        CONVOLUTION_KERNEL("Convolution Kernel", "convolution-kernel"),
        BODY_PART_EXAMINED("Body Part Examined", "body-part-examined");

        final String dicomName;
        final String setting;

        Attribute(String dicomName, String setting) {
            this.dicomName = dicomName;
            this.setting = setting;
        }

        String of(SliceHeader h) {
            String v = switch (this) {
                case SERIES_DESCRIPTION -> h.seriesDescription();
                case PROTOCOL_NAME -> h.protocolName();
                case CONVOLUTION_KERNEL -> h.convolutionKernel();
                case BODY_PART_EXAMINED -> h.bodyPartExamined();
            };
            return v == null || v.isBlank() ? null : v.trim();
        }
    }

    /** A pattern of {@code thinslice.select.include-*} or {@code exclude-*}, found anywhere in the value, ignoring case. */
    public record Rule(Attribute attribute, Pattern pattern) {

        /** Compiles {@code regex} (null or blank: no rule); a bad expression names the setting. */
        public static Rule of(Attribute attribute, String kind, String regex) {
            if (regex == null || regex.isBlank()) {
                return null;
            }
            try {
                return new Rule(attribute, Pattern.compile(regex.trim(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("thinslice.select." + kind + "-" + attribute.setting + " is not a regular expression: "
                        + e.getDescription() + " in '" + regex + "'", e);
            }
        }

        boolean matches(String value) {
            return value != null && pattern.matcher(value).find();
        }
    }

    /**
     * @param minSlices  fewest instances (at least 3)
     * @param minSpacing least spacing between slices, mm, measured along the slice normal from the positions
     * @param maxSpacing largest spacing, mm, or null for none
     * @param reformats  what Image Type {@code DERIVED\SECONDARY} gets
     * @param include    patterns a series must match (each that is set), by attribute
     * @param exclude    patterns a series must not match (any that is set), by attribute
     */
    public record Settings(int minSlices, double minSpacing, Double maxSpacing, Reformats reformats, List<Rule> include, List<Rule> exclude) {

        public Settings {
            if (minSlices < LEAST_MIN_SLICES) {
                throw new IllegalArgumentException("thinslice.select.min-slices must be at least " + LEAST_MIN_SLICES
                        + " (synthesis needs 3 slices), was " + minSlices);
            }
            if (!(minSpacing >= 0) || Double.isInfinite(minSpacing)) {
                throw new IllegalArgumentException("thinslice.select.min-spacing must be a number of mm >= 0, was " + minSpacing);
            }
            if (maxSpacing != null && !(maxSpacing > 0 && maxSpacing >= minSpacing)) {
                throw new IllegalArgumentException("thinslice.select.max-spacing must be positive and at least thinslice.select.min-spacing ("
                        + fmt(minSpacing) + " mm), was " + maxSpacing);
            }
            include = include == null ? List.of() : include.stream().filter(r -> r != null).toList();
            exclude = exclude == null ? List.of() : exclude.stream().filter(r -> r != null).toList();
        }

        /** The defaults of {@code thinslice.select.*}: fits a PACS rule that sends every CT series. */
        public static Settings defaults() {
            return new Settings(8, 2.0, null, Reformats.IGNORE, List.of(), List.of());
        }
    }

    /**
     * @param rule   null when the series is selected, else the rule that refused it (a metric label)
     * @param reason what the job says
     */
    public record Decision(String rule, String reason) {

        public boolean selected() {
            return rule == null;
        }
    }

    private final Settings settings;

    public SeriesSelection(Settings settings) {
        this.settings = settings;
    }

    public static SeriesSelection defaults() {
        return new SeriesSelection(Settings.defaults());
    }

    public Settings settings() {
        return settings;
    }

    /** Parses {@code thinslice.select.reformats}: ignore or process. */
    public static Reformats reformats(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "ignore" -> Reformats.IGNORE;
            case "process" -> Reformats.PROCESS;
            default -> throw new IllegalArgumentException("thinslice.select.reformats must be ignore or process, was " + value);
        };
    }

    /** Decides on the headers of one complete series (at least one instance). */
    public Decision decide(List<SliceHeader> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("a series has at least one instance");
        }
        for (SliceHeader h : series) {
            Decision d = perInstance(h);
            if (d != null) {
                return d;
            }
        }
        SliceHeader first = series.get(0);
        for (Rule r : settings.include()) {
            String v = r.attribute().of(first);
            if (!r.matches(v)) {
                return ignored(INCLUDE, r.attribute().dicomName + " is " + quoted(v) + ", which does not match thinslice.select.include-"
                        + r.attribute().setting + " '" + r.pattern().pattern() + "'");
            }
        }
        for (Rule r : settings.exclude()) {
            String v = r.attribute().of(first);
            if (r.matches(v)) {
                return ignored(EXCLUDE, r.attribute().dicomName + " is " + quoted(v) + ", which matches thinslice.select.exclude-"
                        + r.attribute().setting + " '" + r.pattern().pattern() + "'");
            }
        }
        if (series.size() < settings.minSlices()) {
            return ignored(MIN_SLICES, "the series has " + series.size() + " instance" + (series.size() == 1 ? "" : "s")
                    + "; thinslice.select.min-slices is " + settings.minSlices());
        }
        Double spacing = spacing(series);
        if (spacing != null) {
            if (spacing < settings.minSpacing() - SPACING_TOLERANCE_MM) {
                return ignored(MIN_SPACING, "the slices are " + fmt(spacing) + " mm apart (along the slice normal); thinslice.select.min-spacing is "
                        + fmt(settings.minSpacing()) + " mm");
            }
            if (settings.maxSpacing() != null && spacing > settings.maxSpacing() + SPACING_TOLERANCE_MM) {
                return ignored(MAX_SPACING, "the slices are " + fmt(spacing) + " mm apart (along the slice normal); thinslice.select.max-spacing is "
                        + fmt(settings.maxSpacing()) + " mm");
            }
        }
        return new Decision(null, "selected");
    }

    private Decision perInstance(SliceHeader h) {
        if (h.derivedByThinSlice()) {
            return ignored(THINSLICE_OUTPUT, "the series was derived by ThinSlice itself (instance " + h.sopInstanceUid() + ")");
        }
        if (!"CT".equals(h.modality())) {
            return ignored(MODALITY, "Modality is " + (h.modality() == null ? "absent" : h.modality()) + ", not CT (instance "
                    + h.sopInstanceUid() + ")");
        }
        if (!CT_IMAGE_STORAGE.equals(h.sopClassUid())) {
            return ignored(SOP_CLASS, "SOP class " + h.sopClassUid() + " is not CT Image Storage (instance " + h.sopInstanceUid() + ")");
        }
        List<String> type = h.imageType() == null ? List.of() : h.imageType();
        String value3 = type.size() > 2 ? type.get(2).trim() : "";
        if ("LOCALIZER".equalsIgnoreCase(value3)) {
            return ignored(LOCALIZER, "Image Type is " + String.join("\\", type) + " (a localizer); thinslice.select takes AXIAL only");
        }
        boolean secondary = type.size() > 1 && "DERIVED".equalsIgnoreCase(type.get(0).trim()) && "SECONDARY".equalsIgnoreCase(type.get(1).trim());
        if (secondary && settings.reformats() == Reformats.IGNORE) {
            return ignored(REFORMAT, "Image Type is " + String.join("\\", type) + " (a reformat or other secondary image); "
                    + "thinslice.select.reformats is ignore");
        }
        if (!value3.isEmpty() && !"AXIAL".equalsIgnoreCase(value3)) {
            return ignored(IMAGE_TYPE, "Image Type is " + String.join("\\", type) + " (value 3 is not AXIAL); thinslice.select takes AXIAL only");
        }
        if (value3.isEmpty()) {
            // Value 3 is required for CT but some writers leave it out: the orientation decides instead. Without an
            // orientation the series goes on to validation, which names what is missing.
            double[] normal = normal(h.imageOrientation());
            if (normal != null && Math.abs(normal[2]) < Math.max(Math.abs(normal[0]), Math.abs(normal[1]))) {
                return ignored(IMAGE_TYPE, "Image Type " + (type.isEmpty() ? "is absent" : "is " + String.join("\\", type) + ", without value 3")
                        + " and the slices are " + (Math.abs(normal[1]) > Math.abs(normal[0]) ? "coronal" : "sagittal")
                        + "; thinslice.select takes AXIAL only");
            }
        }
        return null;
    }

    /**
     * The median step between positions along the slice normal, mm; null when it cannot be measured (a position or the
     * orientation missing, more than one orientation, positions that coincide): validation then names the fault.
     */
    static Double spacing(List<SliceHeader> series) {
        double[] orientation = series.get(0).imageOrientation();
        double[] normal = normal(orientation);
        if (normal == null || series.size() < 2) {
            return null;
        }
        double[] d = new double[series.size()];
        for (int i = 0; i < d.length; i++) {
            SliceHeader h = series.get(i);
            double[] p = h.imagePosition();
            if (p == null || p.length != 3 || !sameOrientation(orientation, h.imageOrientation())) {
                return null;
            }
            d[i] = Vectors.dot(p, normal);
        }
        Arrays.sort(d);
        List<Double> steps = new ArrayList<>();
        for (int i = 1; i < d.length; i++) {
            steps.add(d[i] - d[i - 1]);
        }
        steps.sort(null);
        double median = steps.get(steps.size() / 2);
        return median > 1e-3 ? median : null;
    }

    private static double[] normal(double[] o) {
        if (o == null || o.length != 6) {
            return null;
        }
        double[] n = Vectors.cross(Arrays.copyOfRange(o, 0, 3), Arrays.copyOfRange(o, 3, 6));
        double norm = Vectors.norm(n);
        if (!(norm > 0.5)) {
            return null;
        }
        return new double[] {n[0] / norm, n[1] / norm, n[2] / norm};
    }

    private static boolean sameOrientation(double[] a, double[] b) {
        if (b == null || b.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (Math.abs(a[i] - b[i]) > ORIENTATION_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    private static Decision ignored(String rule, String reason) {
        return new Decision(rule, reason);
    }

    private static String quoted(String v) {
        return v == null ? "absent" : "'" + v + "'";
    }

    private static String fmt(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.replaceAll("\\.?0+$", "");
    }
}
