package io.thinslice.dicom;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class AttrsTest {

    /** PS3.5 6.2 DS: a fixed point or floating point number, digits, + - . E e only. */
    private static final Pattern DS = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private static void assertGoodDs(double v) {
        String s = Attrs.ds(v);
        assertTrue(s.length() <= 16, v + " -> '" + s + "' is " + s.length() + " characters");
        assertTrue(DS.matcher(s).matches(), v + " -> '" + s + "' is not a Decimal String");
        double back = Double.parseDouble(s);
        assertEquals(v, back, Math.abs(v) * 1e-6, v + " -> '" + s + "'");
    }

    @Test
    void typicalValuesFitAndRoundTrip() {
        for (double v : new double[] {0.1, -1024, 123456.789012345, 1e-9, 1.25 / 3, -123456.789012345, 1.0 / 3, -2.0 / 3,
                Math.PI * 1000, -249.51171875, 0.48828125, 0.9998476951563913, -0.017452406437283512, 6.123233995736766e-5,
                65535, -32768, 1e6 / 7, 99999.99999999, 1e14 + 0.5, -1e14 / 3}) {
            assertGoodDs(v);
        }
    }

    @Test
    void randomPositionsAndSpacingsFitAndRoundTrip() {
        Random random = new Random(9);
        for (int i = 0; i < 10_000; i++) {
            assertGoodDs((random.nextDouble() - 0.5) * 2000); // patient positions, mm
            assertGoodDs(random.nextDouble() * 10 + 1e-3); // spacings, mm
            assertGoodDs(random.nextGaussian()); // direction cosines, slopes
        }
    }

    @Test
    void exactValuesAreWrittenPlainly() {
        assertEquals("0.1", Attrs.ds(0.1));
        assertEquals("-1024", Attrs.ds(-1024));
        assertEquals("1", Attrs.ds(1));
        assertEquals("40", Attrs.ds(40));
        assertEquals("1.25", Attrs.ds(1.25));
        assertEquals("0.000000001", Attrs.ds(1e-9));
        assertEquals("123456.789012345", Attrs.ds(123456.789012345));
        assertEquals("0.41666666666667", Attrs.ds(1.25 / 3));
        assertEquals("0", Attrs.ds(0));
        assertEquals("0", Attrs.ds(-0.0));
        assertEquals("0", Attrs.ds(Double.NaN));
    }

    /**
     * Large and tiny magnitudes: DS allows exponent notation (e.g. "1E+16", "1.5E-15"), but ds() only writes plain
     * notation and falls back to {@code String.valueOf((long) v)}, which is longer than 16 characters from 1e15
     * (negative) / 1e16 (positive) on, saturates to Long.MAX_VALUE, and writes "0" for small non-zero values.
     */
    @Test
    void largeAndTinyMagnitudesStayWithin16CharactersAndKeepTheirValue() {
        List<Executable> checks = new ArrayList<>();
        for (double v : new double[] {1e16, -1e15, 1.5e17, 1e20, 1.5e-15, -2.5e-16, 1.23456789e-12}) {
            checks.add(() -> assertGoodDs(v));
        }
        assertAll(checks);
    }
}
