package io.thinslice.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which C-STORE statuses the export retries and which end it at once (PS3.4 B.2.3, PS3.7 C.4.2.1.4). */
class DimseStatusTest {

    @ParameterizedTest
    @ValueSource(ints = {0x0122, 0x0124, 0x0117, 0x0211, 0x0212, 0xA900, 0xA9FF, 0xC000, 0xC122, 0xCFFF})
    void refusalsThatCannotPassLaterArePermanent(int status) {
        assertTrue(DimseStatus.permanent(status), DimseStatus.describe(status));
        assertFalse(DimseStatus.acknowledges(status));
    }

    @ParameterizedTest
    @ValueSource(ints = {0xA700, 0xA701, 0xA7FF, 0x0110, 0x0213, 0x0210, 0xFFFF, 0x1234})
    void outOfResourcesAndUnknownFailuresAreRetried(int status) {
        assertFalse(DimseStatus.permanent(status), DimseStatus.describe(status));
        assertFalse(DimseStatus.acknowledges(status));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0000, 0xB000, 0xB006, 0xB007})
    void successAndWarningsAcknowledge(int status) {
        assertTrue(DimseStatus.acknowledges(status));
        assertFalse(DimseStatus.permanent(status));
    }

    @Test
    void describesInHexWithTheMeaning() {
        assertEquals("0xA700 (Refused: Out of Resources)", DimseStatus.describe(0xA700));
        assertEquals("0x0122 (Refused: SOP Class not supported)", DimseStatus.describe(0x0122));
        assertEquals("0xA901 (Error: Data Set does not match SOP Class)", DimseStatus.describe(0xA901));
        assertEquals("0xC000 (Error: Cannot understand)", DimseStatus.describe(0xC000));
    }
}
