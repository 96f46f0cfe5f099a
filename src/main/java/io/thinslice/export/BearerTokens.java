package io.thinslice.export;

import java.io.IOException;

/** Where a DICOMweb destination's {@code Authorization: Bearer} token comes from at each attempt. */
public interface BearerTokens {

    /** The token to send now. */
    String token() throws IOException;

    /** The destination refused the token just sent (HTTP 401): the next {@link #token()} should not be that one. */
    default void refused() {
    }

    /** A fixed token, as written after {@code |} in {@code thinslice.export.dicomweb}. */
    static BearerTokens fixed(String token) {
        return new BearerTokens() {
            @Override
            public String token() {
                return token;
            }

            @Override
            public String toString() {
                return "a fixed token";
            }
        };
    }
}
