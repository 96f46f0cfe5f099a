package io.thinslice.dicom;

import java.io.IOException;

/**
 * The node cannot take an object now (its storage is below the free-space watermark, or its job store cannot record the
 * object: PostgreSQL unreachable); it was not acknowledged. Transient: the sender keeps the object and tries later.
 * C-STORE answers 0xA700 (out of resources), STOW-RS 503.
 */
public final class OutOfResourcesException extends IOException {

    /** PS3.4 B.2.3: Refused: Out of Resources. */
    public static final int STATUS = 0xA700;

    public OutOfResourcesException(String message) {
        super(message);
    }
}
