package io.thinslice.volume;

import java.util.List;

/**
 * A validated series: slices sorted along the slice normal, uniformly spaced, with one geometry.
 *
 * @param slices   headers in spatial order (index 0 at {@link Geometry#origin()})
 * @param geometry the common geometry; slice spacing is the measured uniform spacing
 */
public record SliceStack(List<SliceHeader> slices, Geometry geometry) {
    public SliceStack {
        slices = List.copyOf(slices);
    }

    public SliceHeader first() {
        return slices.get(0);
    }

    public int rows() {
        return first().rows();
    }

    public int columns() {
        return first().columns();
    }
}
