package io.thinslice.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Spearman and the top-5 % split on data whose answers are known by hand. */
class RankAgreementTest {

    @Test
    void monotoneIsOneReversedIsMinusOne() {
        float[] u = {0.1f, 0.5f, 2f, 7f, 9f};
        assertEquals(1.0, RankAgreement.of(u, new float[] {1, 2, 30, 40, 500}).spearman(), 1e-12);
        assertEquals(-1.0, RankAgreement.of(u, new float[] {500, 40, 30, 2, 1}).spearman(), 1e-12);
    }

    @Test
    void tiesShareTheirMeanRank() {
        // u ranks 1.5 1.5 3 4, e ranks 1 2 3 4: Pearson of those ranks, by hand = 0.9486832980505138
        RankAgreement.Result r = RankAgreement.of(new float[] {0, 0, 1, 2}, new float[] {1, 2, 3, 4});
        assertEquals(0.9486832980505138, r.spearman(), 1e-12);
        // -0 and 0 are one value; negative values order below them
        assertEquals(1.0, RankAgreement.of(new float[] {-3f, -0f, 0f, 2f}, new float[] {-1, 0, 0, 1}).spearman(), 1e-12);
    }

    @Test
    void constantUncertaintyHasNoCorrelation() {
        assertTrue(Double.isNaN(RankAgreement.of(new float[] {1, 1, 1}, new float[] {1, 2, 3}).spearman()));
    }

    @Test
    void topFivePercentAgainstTheRest() {
        // 100 voxels: uncertainty i, error 10 for the 5 most uncertain (95..99), 1 for the others
        float[] u = new float[100];
        float[] e = new float[100];
        for (int i = 0; i < 100; i++) {
            u[i] = i;
            e[i] = i >= 95 ? 10 : 1;
        }
        RankAgreement.Result r = RankAgreement.of(u, e);
        assertEquals(100, r.voxels());
        assertEquals(10.0, r.topMeanError(), 1e-12);
        assertEquals(1.0, r.restMeanError(), 1e-12);
        assertEquals(10.0, r.ratio(), 1e-12);
        assertEquals(49.5, r.meanUncertainty(), 1e-12);
        // 41 voxels: ceil(5 % of 41) = 3 in the top share
        float[] u41 = new float[41];
        float[] e41 = new float[41];
        for (int i = 0; i < 41; i++) {
            u41[i] = 41 - i;
            e41[i] = i;
        }
        RankAgreement.Result small = RankAgreement.of(u41, e41);
        assertEquals((0 + 1 + 2) / 3.0, small.topMeanError(), 1e-12);
        assertEquals((3 + 40) / 2.0, small.restMeanError(), 1e-12);
    }

    @Test
    void refusesMismatchedOrNaN() {
        assertThrows(IllegalArgumentException.class, () -> RankAgreement.of(new float[] {1, 2}, new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> RankAgreement.of(new float[] {1, Float.NaN}, new float[] {1, 2}));
    }
}
