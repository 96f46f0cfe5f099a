package io.thinslice.dicom;

import java.io.IOException;

/**
 * An object the node cannot keep as it is: not readable as DICOM, or without a valid Series or SOP Instance UID.
 * Permanent: sending it again does not help. C-STORE answers 0xC000 (cannot understand) and the association goes on;
 * STOW-RS names the same Failure Reason for the part.
 */
public final class InstanceRefusedException extends IOException {

    /** PS3.4 B.2.3: Error: Cannot understand. */
    public static final int STATUS = 0xC000;

    public InstanceRefusedException(String message) {
        super(message);
    }

    public InstanceRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
