package io.thinslice.derive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Storage of the disagreement values: 0.1 HU steps, unsigned 16-bit. */
class UncertaintySeriesTest {

    @Test
    void quantisesToTenthsOfHuWithinUnsigned16Bit() {
        short[] s = UncertaintySeries.quantise(new float[] {0f, 12.34f, 6553.5f, 1e6f, -3f, Float.NaN});
        assertArrayEquals(new short[] {0, 123, (short) 65535, (short) 65535, 0, 0}, s);
        assertEquals(123 * UncertaintySeries.SLOPE, 12.3, 1e-9);
    }

    @Test
    void uidsAreDeterministicAndDistinctFromTheDerivedSeries() {
        String derived = DerivedUids.seriesUid("1.2.3", "three-view", 4, "v1");
        String u = DerivedUids.uncertaintySeriesUid(derived);
        assertEquals(u, DerivedUids.uncertaintySeriesUid(derived));
        assertNotEquals(derived, u);
        assertTrue(u.startsWith("2.25.") && u.length() <= 64, u);
        assertFalse(u.equals(DerivedUids.uncertaintySeriesUid(DerivedUids.seriesUid("1.2.3", "three-view", 2, "v1"))));
    }
}
