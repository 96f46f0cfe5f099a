package io.thinslice.synthesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FactorChoiceTest {

    @Test
    void aFixedFactorIsEverySeriesFactor() throws FactorChoice.Unsuitable {
        FactorChoice c = FactorChoice.fixed(4);
        assertEquals(4, c.factorForEverySeries());
        assertEquals(4, c.forSpacing(0.5));
        assertEquals(4, c.forSpacing(10));
    }

    @Test
    void theFactorBringsTheSpacingNearestToTheTargetWithoutGoingBelowIt() throws FactorChoice.Unsuitable {
        FactorChoice oneMm = FactorChoice.target(1, 4);
        assertNull(oneMm.factorForEverySeries());
        assertEquals(2, oneMm.forSpacing(2));
        assertEquals(3, oneMm.forSpacing(3));
        assertEquals(5, oneMm.forSpacing(5));
        assertEquals(6, oneMm.forSpacing(6));
        assertEquals(2, oneMm.forSpacing(2.5), "x3 would give 0.83 mm, below the target");
        assertEquals(3, oneMm.forSpacing(3.9));
        assertEquals(8, oneMm.forSpacing(8));
        assertEquals(8, oneMm.forSpacing(12), "capped at x8");
        assertEquals(4, FactorChoice.target(1.25, 2).forSpacing(5));
        assertEquals(3, FactorChoice.target(1.25, 2).forSpacing(4.99), "3.992 is not 4");
    }

    @Test
    void spacingsAHairUnderAMultipleOfTheTargetCountAsThatMultiple() throws FactorChoice.Unsuitable {
        FactorChoice oneMm = FactorChoice.target(1, 4);
        assertEquals(5, oneMm.forSpacing(4.9999));
        assertEquals(3, oneMm.forSpacing(2.99999999));
        assertEquals(3, FactorChoice.target(0.6, 4).forSpacing(1.8), "1.8 / 0.6 is 2.9999999999999996 in doubles");
    }

    @Test
    void aSeriesAtOrBelowTheTargetOrUnderTwiceItIsRefusedWithItsSpacingAndTheSetting() {
        FactorChoice oneMm = FactorChoice.target(1, 4);
        for (double s : new double[] {0.8, 1, 1.5, 1.99}) {
            FactorChoice.Unsuitable e = assertThrows(FactorChoice.Unsuitable.class, () -> oneMm.forSpacing(s));
            assertTrue(e.getMessage().contains("thinslice.synthesis.target-spacing 1 mm"), e.getMessage());
            assertTrue(e.getMessage().contains("spacing " + (s == 1 ? "1" : Double.toString(s)) + " mm"), e.getMessage());
        }
        assertTrue(assertThrows(FactorChoice.Unsuitable.class, () -> oneMm.forSpacing(0.8)).getMessage().contains("at or below"));
    }

    @Test
    void theNodesSettingsAreValidatedWithTheirNames() throws FactorChoice.Unsuitable {
        assertEquals(5, settings(4, java.util.Optional.of(1.0)).factors().forSpacing(5));
        assertEquals(6, settings(6, java.util.Optional.empty()).factors().factorForEverySeries());
        for (int bad : new int[] {1, 9}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> settings(bad, java.util.Optional.empty()).factors()).getMessage()
                    .contains("thinslice.synthesis.factor must be an integer from 2 to 8, was " + bad));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings(4, java.util.Optional.of(-2.0)).factors()).getMessage()
                .contains("thinslice.synthesis.target-spacing must be a number of mm above 0"));
    }

    private static SynthesisConfig settings(int factor, java.util.Optional<Double> target) {
        return new SynthesisConfig() {
            public int workers() {
                return 1;
            }

            public int factor() {
                return factor;
            }

            public java.util.Optional<Double> targetSpacing() {
                return target;
            }

            public String method() {
                return "linear";
            }

            public java.util.Optional<String> weights() {
                return java.util.Optional.empty();
            }

            public java.util.List<Double> fusionWeights() {
                return java.util.List.of(0.0, 1.0, 1.0);
            }

            public int adaptSteps() {
                return 0;
            }

            public double guardMargin() {
                return 0.1;
            }

            public long maxBatchPixels() {
                return 65536;
            }
        };
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FactorChoice.target(0, 4)).getMessage()
                .contains("thinslice.synthesis.target-spacing"));
        assertThrows(IllegalArgumentException.class, () -> FactorChoice.target(-1, 4));
        assertThrows(IllegalArgumentException.class, () -> FactorChoice.target(Double.NaN, 4));
        assertThrows(IllegalArgumentException.class, () -> FactorChoice.fixed(9));
        assertThrows(IllegalArgumentException.class, () -> FactorChoice.fixed(1));
    }
}
