package io.thinslice.derive;

/**
 * How derived series are numbered and described.
 *
 * @param seriesNumberOffset  added to the source Series Number (or used alone when the source has none)
 * @param descriptionTemplate Series Description; {@code {source}}, {@code {factor}} and {@code {method}} are replaced
 */
public record DerivedSeriesSettings(int seriesNumberOffset, String descriptionTemplate) {

    public static DerivedSeriesSettings defaults() {
        return new DerivedSeriesSettings(1000, "{source} [ThinSlice x{factor}]");
    }
}
