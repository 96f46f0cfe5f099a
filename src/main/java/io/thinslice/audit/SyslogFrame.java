package io.thinslice.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * An RFC 5424 syslog message carrying one audit message, as IHE ATNA (ITI-20) wants it: facility 10 (security /
 * authorization), severity 5 (notice), MSGID {@code IHE+RFC-3881}, no structured data, the XML as MSG in UTF-8 with its
 * byte order mark.
 */
final class SyslogFrame {

    private static final int PRI = 10 * 8 + 5;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final String header;

    SyslogFrame(String hostName, String appName, long pid) {
        this.header = " " + field(hostName, 255) + " " + field(appName, 48) + " " + pid + " IHE+RFC-3881 - ";
    }

    byte[] message(Instant at, byte[] xml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(xml.length + 128);
        out.writeBytes(("<" + PRI + ">1 " + at + header).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(BOM);
        out.writeBytes(xml);
        return out.toByteArray();
    }

    /** RFC 5425 4.3 octet-counting framing: {@code MSG-LEN SP SYSLOG-MSG}. */
    static byte[] octetCounted(byte[] message) {
        byte[] prefix = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] framed = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, framed, 0, prefix.length);
        System.arraycopy(message, 0, framed, prefix.length, message.length);
        return framed;
    }

    /** PRINTUSASCII without spaces, at most {@code max} characters; "-" (the NILVALUE) when empty. */
    private static String field(String s, int max) {
        String v = s == null ? "" : s.replaceAll("[^\\x21-\\x7e]", "");
        return v.isEmpty() ? "-" : v.substring(0, Math.min(max, v.length()));
    }
}
