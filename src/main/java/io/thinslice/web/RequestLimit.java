package io.thinslice.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The STOW-RS request limits ({@code thinslice.limits.stow-*}) met while a body is read. */
final class RequestLimit {

    private RequestLimit() {
    }

    /** A limit was passed: the request is answered 413 and nothing of it is kept. */
    static final class Exceeded extends IOException {
        Exceeded(String message) {
            super(message);
        }
    }

    /** A body that fails once more than {@code max} bytes have been read from it (chunked bodies declare no length). */
    static final class Body extends FilterInputStream {
        private final long max;
        private long read;

        Body(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = super.skip(n);
            count(k);
            return k;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void count(long n) throws Exceeded {
            read += n;
            if (read > max) {
                throw new Exceeded("the request body is larger than " + max + " bytes; thinslice.limits.stow-max-request-size is " + max + " bytes");
            }
        }
    }
}
