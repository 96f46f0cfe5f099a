package io.thinslice.dicom;

import java.util.Locale;

/**
 * C-STORE response statuses (PS3.4 B.2.3, PS3.7 C.4.2.1.4 and Annex C) as a sender reads them: what a status means,
 * and whether sending the same instance again can ever succeed. Also used for the Failure Reason (0008,1197) of a
 * STOW-RS answer, which takes its values from the same table (PS3.18 10.5.3).
 */
public final class DimseStatus {

    private DimseStatus() {
    }

    /** Success or Warning: the receiver keeps the instance. */
    public static boolean acknowledges(int status) {
        return StoreSession.acknowledges(status);
    }

    /**
     * True for failures that say the receiver will never take this instance as it is: Refused: SOP Class not supported
     * (0122H), Refused: Not authorized (0124H), Invalid SOP Instance (0117H), Unrecognized operation (0211H), Mistyped
     * argument (0212H), Error: Data Set does not match SOP Class (A9xxH), Error: Cannot understand (Cxxx, which includes
     * C122H "transfer syntax not supported" of STOW-RS). Everything else, Refused: Out of Resources (A7xxH) first,
     * Processing failure (0110H) and statuses not in the standard's tables, may pass later and is retried.
     */
    public static boolean permanent(int status) {
        return status == 0x0122 || status == 0x0124 || status == 0x0117 || status == 0x0211 || status == 0x0212
                || (status & 0xFF00) == 0xA900 || (status & 0xF000) == 0xC000;
    }

    /** What the status means, e.g. "Refused: Out of Resources". */
    public static String meaning(int status) {
        if (status == 0x0000) {
            return "Success";
        }
        if ((status & 0xF000) == 0xB000) {
            return "Warning";
        }
        if ((status & 0xFF00) == 0xA700) {
            return "Refused: Out of Resources";
        }
        if ((status & 0xFF00) == 0xA900) {
            return "Error: Data Set does not match SOP Class";
        }
        if (status == 0xC122) {
            return "Referenced Transfer Syntax not supported";
        }
        if ((status & 0xF000) == 0xC000) {
            return "Error: Cannot understand";
        }
        return switch (status) {
            case 0x0110 -> "Processing failure";
            case 0x0111 -> "Duplicate SOP Instance";
            case 0x0117 -> "Invalid SOP Instance";
            case 0x0122 -> "Refused: SOP Class not supported";
            case 0x0124 -> "Refused: Not authorized";
            case 0x0210 -> "Duplicate invocation";
            case 0x0211 -> "Unrecognized operation";
            case 0x0212 -> "Mistyped argument";
            case 0x0213 -> "Resource limitation";
            case StoreSession.NO_STATUS -> "no Status in the response";
            default -> "Failure (not in the standard's tables)";
        };
    }

    /** {@code 0xA700 (Refused: Out of Resources)}. */
    public static String describe(int status) {
        return String.format(Locale.ROOT, "0x%04X (%s)", status, meaning(status));
    }
}
