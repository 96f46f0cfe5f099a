package io.thinslice.series;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * Which complete series are derived ({@link SeriesSelection}); the others become {@code ignored} jobs naming the rule.
 * The defaults fit a PACS rule that sends every CT series. Patterns are Java regular expressions, case-insensitive,
 * found anywhere in the value (anchor with {@code ^...$} for a whole-value match); an absent attribute matches no
 * pattern, so an include pattern ignores a series without that attribute and an exclude pattern never does.
 */
@ConfigMapping(prefix = "thinslice.select")
public interface SelectConfig {

    /** Fewest instances in a series that is derived (at least 3). */
    @WithDefault("8")
    int minSlices();

    /** Least spacing between slices, mm, measured along the slice normal from Image Position (Patient). */
    @WithDefault("2")
    double minSpacing();

    /** Largest spacing between slices, mm; none when empty. */
    Optional<Double> maxSpacing();

    /** What a reformat (Image Type DERIVED\SECONDARY, e.g. an MPR) gets: ignore or process. */
    @WithDefault("ignore")
    String reformats();

    /** Series Description must match this pattern. */
    Optional<String> includeSeriesDescription();

    /** Protocol Name must match this pattern. */
    Optional<String> includeProtocolName();

    /** Convolution Kernel (its values joined by a backslash) must match this pattern. */
    Optional<String> includeConvolutionKernel();

    /** Body Part Examined must match this pattern. */
    Optional<String> includeBodyPartExamined();

    /** A Series Description that matches this pattern is ignored. */
    Optional<String> excludeSeriesDescription();

    /** A Protocol Name that matches this pattern is ignored. */
    Optional<String> excludeProtocolName();

    /** A Convolution Kernel that matches this pattern is ignored. */
    Optional<String> excludeConvolutionKernel();

    /** A Body Part Examined that matches this pattern is ignored. */
    Optional<String> excludeBodyPartExamined();

    /** The rules of these settings; a bad value names its setting. */
    default SeriesSelection selection() {
        SeriesSelection.Attribute d = SeriesSelection.Attribute.SERIES_DESCRIPTION;
        SeriesSelection.Attribute p = SeriesSelection.Attribute.PROTOCOL_NAME;
        SeriesSelection.Attribute k = SeriesSelection.Attribute.CONVOLUTION_KERNEL;
        SeriesSelection.Attribute b = SeriesSelection.Attribute.BODY_PART_EXAMINED;
        List<SeriesSelection.Rule> include = java.util.Arrays.asList(
                SeriesSelection.Rule.of(d, "include", includeSeriesDescription().orElse(null)),
                SeriesSelection.Rule.of(p, "include", includeProtocolName().orElse(null)),
                SeriesSelection.Rule.of(k, "include", includeConvolutionKernel().orElse(null)),
                SeriesSelection.Rule.of(b, "include", includeBodyPartExamined().orElse(null)));
        List<SeriesSelection.Rule> exclude = java.util.Arrays.asList(
                SeriesSelection.Rule.of(d, "exclude", excludeSeriesDescription().orElse(null)),
                SeriesSelection.Rule.of(p, "exclude", excludeProtocolName().orElse(null)),
                SeriesSelection.Rule.of(k, "exclude", excludeConvolutionKernel().orElse(null)),
                SeriesSelection.Rule.of(b, "exclude", excludeBodyPartExamined().orElse(null)));
        return new SeriesSelection(new SeriesSelection.Settings(minSlices(), minSpacing(), maxSpacing().orElse(null),
                SeriesSelection.reformats(reformats()), include, exclude));
    }
}
