package io.thinslice.synthesis;

import java.util.List;

/** The interpolators the node offers, by configuration name. */
public final class Interpolators {

    private Interpolators() {
    }

    public static List<String> names() {
        return List.of("linear", "cubic");
    }

    public static Interpolator byName(String name) {
        return switch (name) {
            case "linear" -> new LinearInterpolator();
            case "cubic" -> new CubicInterpolator();
            default -> throw new IllegalArgumentException("unknown synthesis method '" + name + "'; known: " + names());
        };
    }
}
