package io.thinslice.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming reader of a multipart body (RFC 2046 5.1, as multipart/related of RFC 2387 uses it): each part's
 * headers go to the sink, which returns where the part's bytes are written; nothing is held in memory beyond one
 * delimiter. A body without an opening delimiter, a part without its header block, or a body that ends before the
 * closing delimiter is malformed.
 */
public final class MultipartRelated {

    /** The body is not a well-formed multipart body. */
    public static final class MalformedException extends Exception {
        public MalformedException(String message) {
            super(message);
        }
    }

    /** Receives each part: headers (names lowercase) in, the stream for its content out (closed at the part's end). */
    public interface PartSink {
        OutputStream part(int index, Map<String, String> headers) throws IOException;
    }

    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_BOUNDARY = 200;

    private MultipartRelated() {
    }

    /** Reads every part; returns the number of parts (at least one, else the body is malformed). */
    public static int read(InputStream body, String boundary, PartSink sink) throws IOException, MalformedException {
        // RFC 2046 allows 70 characters; Orthanc's DICOMweb client sends 73, so be lenient up to 200.
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
            throw new MalformedException("multipart boundary missing or longer than " + MAX_BOUNDARY + " characters");
        }
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int[] fail = failure(delimiter);
        InputStream in = body.markSupported() ? body : new java.io.BufferedInputStream(body, 64 * 1024);
        // The opening delimiter may start the body without a CRLF before it: match as if one came first.
        int matched = 2;
        OutputStream out = null;
        int parts = 0;
        boolean inPreamble = true;
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    if (out != null) {
                        out.close();
                    }
                    throw new MalformedException(inPreamble ? "no opening multipart delimiter (boundary " + boundary + ")"
                            : "body ends before the closing multipart delimiter");
                }
                while (matched > 0 && (delimiter[matched] & 0xff) != b) {
                    int keep = fail[matched - 1];
                    if (out != null) {
                        out.write(delimiter, 0, matched - keep);
                    }
                    matched = keep;
                }
                if ((delimiter[matched] & 0xff) == b) {
                    matched++;
                    if (matched == delimiter.length) {
                        matched = 0;
                        if (out != null) {
                            out.close();
                            out = null;
                        }
                        inPreamble = false;
                        int c1 = in.read();
                        int c2 = in.read();
                        if (c1 == '-' && c2 == '-') {
                            if (parts == 0) {
                                throw new MalformedException("multipart body has no parts");
                            }
                            return parts; // epilogue ignored
                        }
                        skipToLineEnd(in, c1, c2);
                        Map<String, String> headers = headers(in);
                        out = new java.io.BufferedOutputStream(sink.part(parts++, headers), 64 * 1024);
                    }
                } else if (out != null) {
                    out.write(b);
                }
            }
        } catch (IOException | MalformedException | RuntimeException e) {
            // A part cut off (the sender hung up, a limit was met): its file is closed before the caller deletes it.
            if (out != null) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the caller deletes the file anyway
                }
            }
            throw e;
        }
    }

    /** After a delimiter: optional linear white space, then CRLF. */
    private static void skipToLineEnd(InputStream in, int c1, int c2) throws IOException, MalformedException {
        int prev = c1;
        int cur = c2;
        for (int i = 0; i < 256; i++) {
            if (prev == '\r' && cur == '\n') {
                return;
            }
            if (prev < 0 || cur < 0 || prev != ' ' && prev != '\t') {
                break;
            }
            prev = cur;
            cur = in.read();
        }
        throw new MalformedException("multipart delimiter not followed by CRLF");
    }

    private static Map<String, String> headers(InputStream in) throws IOException, MalformedException {
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder line = new StringBuilder();
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new MalformedException("body ends inside a part's headers");
            }
            if (++total > MAX_HEADER_BYTES) {
                throw new MalformedException("part headers longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (b == '\n' && line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
                line.setLength(line.length() - 1);
                if (line.length() == 0) {
                    return headers;
                }
                int colon = line.indexOf(":");
                if (colon <= 0) {
                    throw new MalformedException("malformed part header line: " + line);
                }
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
    }

    /** KMP failure function: fail[i] = length of the longest proper prefix of pattern[0..i] that is also its suffix. */
    private static int[] failure(byte[] pattern) {
        int[] fail = new int[pattern.length];
        int k = 0;
        for (int i = 1; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) {
                k = fail[k - 1];
            }
            if (pattern[i] == pattern[k]) {
                k++;
            }
            fail[i] = k;
        }
        return fail;
    }

    /** Writes a multipart/related body part by part. */
    public static final class Writer {
        private final OutputStream out;
        private final String boundary;

        public Writer(OutputStream out, String boundary) {
            this.out = out;
            this.boundary = boundary;
        }

        public static String newBoundary() {
            return "thinslice-" + java.util.UUID.randomUUID();
        }

        /** Starts a part; its content follows on {@link #stream()}. */
        public OutputStream part(String contentType, String location) throws IOException {
            StringBuilder h = new StringBuilder("--").append(boundary).append("\r\nContent-Type: ").append(contentType).append("\r\n");
            if (location != null) {
                h.append("Content-Location: ").append(location).append("\r\n");
            }
            h.append("\r\n");
            out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            return out;
        }

        public void endPart() throws IOException {
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }

        public void close() throws IOException {
            out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }
}
