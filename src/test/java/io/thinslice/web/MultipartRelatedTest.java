package io.thinslice.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultipartRelatedTest {

    private record Part(Map<String, String> headers, ByteArrayOutputStream body) {
    }

    private static List<Part> read(byte[] body, String boundary) throws Exception {
        List<Part> parts = new ArrayList<>();
        MultipartRelated.read(new ByteArrayInputStream(body), boundary, (i, h) -> {
            Part p = new Part(h, new ByteArrayOutputStream());
            parts.add(p);
            return p.body();
        });
        return parts;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsPartsWithBinaryContentThatNearlyMatchesTheDelimiter() throws Exception {
        byte[] tricky = ascii("\r\n--bounda\r\n-\r\r\n--boundar");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(ascii("preamble\r\n--boundary\r\nContent-Type: application/dicom\r\n\r\n"));
        body.write(tricky);
        body.write(ascii("\r\n--boundary  \r\ncontent-type: text/plain\r\nContent-Location: x\r\n\r\nhello"));
        body.write(ascii("\r\n--boundary--\r\nepilogue"));
        List<Part> parts = read(body.toByteArray(), "boundary");
        assertEquals(2, parts.size());
        assertEquals("application/dicom", parts.get(0).headers().get("content-type"));
        assertArrayEquals(tricky, parts.get(0).body().toByteArray());
        assertEquals("text/plain", parts.get(1).headers().get("content-type"));
        assertEquals("hello", parts.get(1).body().toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void bodyMayStartWithTheDelimiter() throws Exception {
        List<Part> parts = read(ascii("--b\r\n\r\nx\r\n--b--"), "b");
        assertEquals(1, parts.size());
        assertEquals("x", parts.get(0).body().toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void acceptsTheLongBoundariesOrthancSends() throws Exception {
        String b = "13c1bb7e-8c42-4071-8ed1-eaf75d78f591-13c1bb7e-8c42-4071-8ed1-eaf75d78f591"; // 73 characters
        assertEquals(1, read(ascii("--" + b + "\r\nContent-Length: 1\r\n\r\nx\r\n--" + b + "--\r\n"), b).size());
    }

    @Test
    void writerOutputReadsBack() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MultipartRelated.Writer w = new MultipartRelated.Writer(out, "zz");
        w.part("application/dicom", "http://a").write(new byte[] {0, 13, 10, 45, 45});
        w.endPart();
        w.part("application/dicom", null).write(new byte[0]);
        w.endPart();
        w.close();
        List<Part> parts = read(out.toByteArray(), "zz");
        assertEquals(2, parts.size());
        assertArrayEquals(new byte[] {0, 13, 10, 45, 45}, parts.get(0).body().toByteArray());
        assertEquals("http://a", parts.get(0).headers().get("content-location"));
        assertEquals(0, parts.get(1).body().size());
    }

    @Test
    void malformedBodiesAreRefused() {
        assertThrows(MultipartRelated.MalformedException.class, () -> read(ascii("no delimiter at all"), "b"));
        assertThrows(MultipartRelated.MalformedException.class, () -> read(ascii("--b\r\nContent-Type: x\r\n\r\nunterminated"), "b"));
        assertThrows(MultipartRelated.MalformedException.class, () -> read(ascii("--b\r\nContent-Type: x"), "b"));
        assertThrows(MultipartRelated.MalformedException.class, () -> read(ascii("--b--"), "b"));
        assertThrows(MultipartRelated.MalformedException.class, () -> read(ascii("--b\r\nno colon\r\n\r\nx\r\n--b--"), "b"));
        assertThrows(MultipartRelated.MalformedException.class, () -> read(ascii("x"), null));
    }
}
