package io.thinslice.studies;

import java.util.ArrayList;
import java.util.List;

/** Tubes through the body (vessels, airways, bowel) as chains of {@link Segment}s. */
final class Tubes {

    private Tubes() {
    }

    /** A polyline of radius {@code r} through the points (x, y, z, x, y, z, …), mm. */
    static List<Segment> path(double r, double... xyz) {
        List<Segment> out = new ArrayList<>();
        for (int i = 3; i + 2 < xyz.length; i += 3) {
            out.add(new Segment(xyz[i - 3], xyz[i - 2], xyz[i - 1], xyz[i], xyz[i + 1], xyz[i + 2], r));
        }
        return out;
    }

    /** One straight tube. */
    static Segment tube(double ax, double ay, double az, double bx, double by, double bz, double r) {
        return new Segment(ax, ay, az, bx, by, bz, r);
    }

    static void paint(SlicePainter p, List<Segment> segments, Tissue t) {
        for (Segment s : segments) {
            p.capsule(s, t);
        }
    }

    /**
     * A hollow tube: its wall ({@code wallMm} thick) then its lumen, segment by segment, repainting the previous
     * lumen so the joints stay open while other loops that touch this one keep their walls between.
     */
    static void paintHollow(SlicePainter p, List<Segment> segments, double wallMm, Tissue wall, List<Tissue> lumen) {
        for (int i = 0; i < segments.size(); i++) {
            p.capsule(segments.get(i), wallMm, wall);
            if (i > 0) {
                p.capsule(segments.get(i - 1), lumen.get(i - 1));
            }
            p.capsule(segments.get(i), lumen.get(i));
        }
    }
}
