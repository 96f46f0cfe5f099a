package io.thinslice.studies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Shapes cover the right area in mm, whatever the pixel size, and an ellipsoid's cut follows it through z. */
class SlicePainterTest {
    private static final Tissue ONE = Tissue.plain(1000);

    /** Area (mm²) painted with ONE over air: partial-volume pixels count by their share. */
    private static double area(SlicePainter p) {
        double s = 0;
        for (float f : p.hu) {
            s += (f + 1000) / 2000.0;
        }
        return s * p.pixelMm * p.pixelMm;
    }

    private static SlicePainter painter(double pixelMm, double z) {
        SlicePainter p = new SlicePainter((int) Math.round(120 / pixelMm), (int) Math.round(120 / pixelMm), pixelMm);
        p.begin(z);
        return p;
    }

    @Test
    void ellipseAreaIsRightAtAnyPixelSizeAndAngle() {
        for (double px : new double[] {0.5, 1.3, 3.0}) {
            SlicePainter p = painter(px, 0);
            p.ellipse(3, -4, 20, 7, 33, ONE);
            assertEquals(Math.PI * 20 * 7, area(p), 0.01 * Math.PI * 20 * 7, "pixel " + px);
        }
    }

    @Test
    void smallShapesKeepTheirArea() {
        // A 2 mm vessel on 1.5 mm pixels: sub-pixel coverage, not a whole bright pixel.
        SlicePainter p = painter(1.5, 0);
        p.ellipse(0.3, 0.2, 1, 1, 0, ONE);
        assertEquals(Math.PI, area(p), 0.15 * Math.PI);
    }

    @Test
    void clippedEllipseKeepsOneSide() {
        SlicePainter p = painter(0.7, 0);
        p.ellipse(0, 0, 15, 15, 0, ONE, 1, 0, 1);
        assertEquals(Math.PI * 15 * 15 / 2, area(p), 0.01 * Math.PI * 15 * 15);
        double front = 0;
        for (int r = 0; r < p.rows / 2 - 1; r++) {
            for (int c = 0; c < p.columns; c++) {
                front += p.hu[r * p.columns + c] + 1000;
            }
        }
        assertEquals(0, front, 1e-3, "nothing in front of the clip line");
    }

    @Test
    void sphereCutHasTheCircleOfItsHeight() {
        for (double z : new double[] {0, 6, 9.5}) {
            SlicePainter p = painter(0.6, z);
            p.ellipsoid(Ellipsoid.sphere(5, 5, 0, 10), ONE);
            double r2 = 100 - z * z;
            assertEquals(Math.PI * r2, area(p), 0.02 * Math.PI * 100, "z " + z);
        }
        SlicePainter above = painter(0.6, 10.01);
        above.ellipsoid(Ellipsoid.sphere(5, 5, 0, 10), ONE);
        assertEquals(0, area(above));
    }

    @Test
    void tiltedEllipsoidCutMovesThroughTheSlices() {
        // A long ellipsoid tilted 30° from z in the sagittal plane: its cut's centre follows the diameter conjugate
        // to the slices, y = −z · q_yz / q_yy, a little less steep than the long axis (tan 30° = 0.577 mm per mm).
        Ellipsoid e = Ellipsoid.of(0, 0, 0, 5, 5, 40, 0, 30, 0);
        double sin = 0.5;
        double cos = Math.sqrt(0.75);
        double qyy = cos * cos / 25 + sin * sin / 1600;
        double qyz = cos * sin * (1.0 / 25 - 1.0 / 1600);
        double[] c0 = centroid(e, 0);
        double[] c1 = centroid(e, 10);
        assertEquals(0, c1[0] - c0[0], 0.05);
        assertEquals(-10 * qyz / qyy, c1[1] - c0[1], 0.05);
        assertEquals(-Math.tan(Math.toRadians(30)) * 10, c1[1] - c0[1], 0.2);
    }

    @Test
    void capsuleCutsAreDiscsAcrossAndStadiumsAlong() {
        SlicePainter across = painter(0.5, 3);
        across.capsule(0, 0, -20, 0, 0, 20, 4, ONE, 1);
        assertEquals(Math.PI * 16, area(across), 0.02 * Math.PI * 16);
        SlicePainter along = painter(0.5, 0);
        along.capsule(-20, 0, 0, 20, 0, 0, 4, ONE, 1);
        double stadium = 40 * 8 + Math.PI * 16;
        assertEquals(stadium, area(along), 0.01 * stadium);
    }

    @Test
    void boxCoverageIsExact() {
        SlicePainter p = painter(1.1, 0);
        p.box(-10.3, 17.2, -5.05, 8.4, ONE);
        assertEquals(27.5 * 13.45, area(p), 1e-3);
    }

    private static double[] centroid(Ellipsoid e, double z) {
        SlicePainter p = painter(0.4, z);
        p.ellipsoid(e, ONE);
        double s = 0;
        double sx = 0;
        double sy = 0;
        for (int r = 0; r < p.rows; r++) {
            for (int c = 0; c < p.columns; c++) {
                double w = (p.hu[r * p.columns + c] + 1000) / 2000.0;
                s += w;
                sx += w * (p.x0 + c * p.pixelMm);
                sy += w * (p.y0 + r * p.pixelMm);
            }
        }
        return new double[] {sx / s, sy / s};
    }
}
