package io.thinslice.studies;

/** Smooth transitions along z, so that structures appear and fade over millimetres rather than jump between slices. */
final class Smooth {

    private Smooth() {
    }

    /** 0 at or before {@code e0}, 1 at or past {@code e1} (either order), cubic in between. */
    static double step(double e0, double e1, double x) {
        double t = Math.max(0, Math.min(1, (x - e0) / (e1 - e0)));
        return t * t * (3 - 2 * t);
    }
}
