package io.thinslice.studies;

/** A straight piece of tube in patient space (mm): a capsule of radius {@code r} around the segment a–b. */
record Segment(double ax, double ay, double az, double bx, double by, double bz, double r) {

    double length() {
        return Math.sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay) + (bz - az) * (bz - az));
    }

    /** The same axis with radius {@code r + mm} (a wall around a lumen, a fat sheath around a vessel). */
    Segment grown(double mm) {
        return new Segment(ax, ay, az, bx, by, bz, r + mm);
    }
}
