package io.thinslice.studies;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A randomly branching tree of tubes (pulmonary vessels and airways, portal veins, mesenteric vessels): every branch
 * is slightly curved, splits into two thinner children (radius ratio about 0.6–0.85, as Murray's law gives for
 * unequal branches) at 20–55° to either side, and stops at a minimum radius or where it would leave its organ. The
 * branches cross the slices at every angle, from through-plane dots to in-plane streaks.
 */
final class VesselTree {
    /** Where a tree may grow (an organ's inside), in patient mm. */
    interface Region {
        boolean contains(double x, double y, double z);
    }

    private static final int MAX_SEGMENTS = 3000;

    private final SplittableRandom random;
    private final Region region;
    private final double minRadius;
    private final List<Segment> segments = new ArrayList<>();

    private VesselTree(SplittableRandom random, Region region, double minRadius) {
        this.random = random;
        this.region = region;
        this.minRadius = minRadius;
    }

    /** Grows a tree from ({@code x}, {@code y}, {@code z}) along direction {@code d}, root radius {@code radius}, mm. */
    static List<Segment> grow(SplittableRandom random, Region region, double x, double y, double z, double[] d,
                              double radius, double minRadius) {
        VesselTree tree = new VesselTree(random, region, minRadius);
        tree.branch(new double[] {x, y, z}, normalise(d), radius, 0);
        return tree.segments;
    }

    private void branch(double[] p, double[] d, double r, int depth) {
        if (r < minRadius || depth > 16 || segments.size() >= MAX_SEGMENTS) {
            return;
        }
        // Where the organ's wall is in the way, turn aside or shorten, as real vessels curve along it.
        double length = 0;
        double[] end = null;
        for (int attempt = 0; attempt < 4 && end == null; attempt++) {
            double[] dir = attempt == 0 ? d : normalise(add(d, perpendicular(d), 0.9));
            double l = (2 + r * (3 + 3 * random.nextDouble())) * (attempt >= 2 ? 0.5 : 1);
            double[] e = add(p, dir, l);
            if (region.contains(e[0], e[1], e[2])) {
                end = e;
                length = l;
                d = dir;
            }
        }
        if (end == null) {
            return;
        }
        // Bend it a little: two pieces through a displaced midpoint.
        double[] side = perpendicular(d);
        double[] mid = add(add(p, d, length / 2), side, length * 0.12 * (random.nextDouble() - 0.5));
        segments.add(new Segment(p[0], p[1], p[2], mid[0], mid[1], mid[2], r));
        segments.add(new Segment(mid[0], mid[1], mid[2], end[0], end[1], end[2], r));
        double[] along = normalise(new double[] {end[0] - mid[0], end[1] - mid[1], end[2] - mid[2]});
        double[] e = perpendicular(along);
        double a1 = Math.toRadians(20 + 20 * random.nextDouble());
        double a2 = Math.toRadians(30 + 25 * random.nextDouble());
        double r1 = r * (0.72 + 0.13 * random.nextDouble());
        double r2 = r * (0.58 + 0.17 * random.nextDouble());
        double[] d1 = normalise(add(scale(along, StrictMath.cos(a1)), e, StrictMath.sin(a1)));
        double[] d2 = normalise(add(scale(along, StrictMath.cos(a2)), e, -StrictMath.sin(a2)));
        branch(end, d1, r1, depth + 1);
        branch(end, d2, r2, depth + 1);
    }

    /** A random unit vector perpendicular to {@code d}. */
    private double[] perpendicular(double[] d) {
        while (true) {
            double[] v = {2 * random.nextDouble() - 1, 2 * random.nextDouble() - 1, 2 * random.nextDouble() - 1};
            double dot = v[0] * d[0] + v[1] * d[1] + v[2] * d[2];
            double[] w = add(v, d, -dot);
            double n = Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
            if (n > 0.2) {
                return scale(w, 1 / n);
            }
        }
    }

    private static double[] add(double[] p, double[] d, double s) {
        return new double[] {p[0] + s * d[0], p[1] + s * d[1], p[2] + s * d[2]};
    }

    private static double[] scale(double[] d, double s) {
        return new double[] {d[0] * s, d[1] * s, d[2] * s};
    }

    private static double[] normalise(double[] d) {
        return scale(d, 1 / Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]));
    }
}
