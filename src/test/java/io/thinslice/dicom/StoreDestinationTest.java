package io.thinslice.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StoreDestinationTest {

    @Test
    void parsesAeHostAndPort() {
        StoreDestination d = StoreDestination.parse("PACS@127.0.0.1:104");
        assertEquals("PACS", d.aeTitle());
        assertEquals("127.0.0.1", d.host());
        assertEquals(104, d.port());
        assertEquals("PACS@127.0.0.1:104", d.toString());
        assertEquals(d, StoreDestination.parse(d.toString()));
    }

    @Test
    void parsesHostNamesAndSurroundingWhitespace() {
        StoreDestination d = StoreDestination.parse("  ORTHANC@pacs.example.org:4242 ");
        assertEquals(new StoreDestination("ORTHANC", "pacs.example.org", 4242), d);
        assertEquals("SIXTEEN_CHARS_AE", StoreDestination.parse("SIXTEEN_CHARS_AE@h:1").aeTitle());
        assertEquals(65535, StoreDestination.parse("A@h:65535").port());
        assertEquals("MY AE", StoreDestination.parse("MY AE@host:11112").aeTitle());
    }

    @Test
    void parsesBracketedIpv6() {
        StoreDestination loop = StoreDestination.parse("PACS@[::1]:11112");
        assertEquals("::1", loop.host());
        assertEquals(11112, loop.port());
        StoreDestination full = StoreDestination.parse("ARCHIVE@[2001:db8::a:1]:104");
        assertEquals("ARCHIVE", full.aeTitle());
        assertEquals("2001:db8::a:1", full.host());
        assertEquals(104, full.port());
    }

    private static void assertRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoreDestination.parse(text), text);
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void missingPortIsRejected() {
        assertRejected("PACS@127.0.0.1");
        assertRejected("PACS@127.0.0.1:");
        assertRejected("PACS@[::1]");
        assertRejected("PACS@::1:104"); // IPv6 without brackets is ambiguous
    }

    @Test
    void aeTitleLongerThan16IsRejected() {
        assertRejected("SEVENTEEN_CHARS_A@127.0.0.1:104");
        assertThrows(IllegalArgumentException.class, () -> new StoreDestination("SEVENTEEN_CHARS_A", "h", 104));
        assertRejected("@127.0.0.1:104");
        assertThrows(IllegalArgumentException.class, () -> new StoreDestination("   ", "h", 104));
    }

    @Test
    void portOutOfRangeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoreDestination.parse("PACS@host:70000"));
        assertTrue(e.getMessage().contains("70000"), e.getMessage());
        assertRejected("PACS@host:0");
        assertRejected("PACS@host:123456");
        assertRejected("PACS@host:-1");
        assertRejected("PACS@host:http");
        assertThrows(IllegalArgumentException.class, () -> new StoreDestination("PACS", "h", 65536));
    }

    @Test
    void otherMalformedTextIsRejected() {
        assertRejected("PACS127.0.0.1:104");
        assertRejected("PA\\CS@host:104");
        assertRejected("PACS@host:104:105");
        assertRejected("");
    }
}
