package io.thinslice.dicom;

import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextSelectionPolicy;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;

/**
 * Accepts CT Image Storage and Verification, in exactly the transfer syntaxes PixelMed can decode here.
 * Anything else is rejected per presentation context (abstract or transfer syntax not supported), so the
 * sender learns before it sends. Explicit VR little endian is preferred when offered.
 */
final class CtPresentationContextPolicy implements PresentationContextSelectionPolicy {

    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String VERIFICATION = "1.2.840.10008.1.1";

    /** In order of preference. JPEG-LS and JPEG 2000 are left out: no decoder is available here. */
    static final List<String> TRANSFER_SYNTAXES = List.of(
            "1.2.840.10008.1.2.1",      // Explicit VR Little Endian
            "1.2.840.10008.1.2",        // Implicit VR Little Endian
            "1.2.840.10008.1.2.1.99",   // Deflated Explicit VR Little Endian
            "1.2.840.10008.1.2.2",      // Explicit VR Big Endian
            "1.2.840.10008.1.2.4.70",   // JPEG Lossless, First-Order Prediction (Process 14 SV1)
            "1.2.840.10008.1.2.4.57",   // JPEG Lossless, Non-Hierarchical (Process 14)
            "1.2.840.10008.1.2.5");     // RLE Lossless

    private static final Set<String> ABSTRACT_SYNTAXES = Set.of(CT_IMAGE_STORAGE, VERIFICATION);
    private static final byte ACCEPTANCE = 0;
    private static final byte ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    private static final byte TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    @Override
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList presentationContexts, int associationNumber, int debugLevel) {
        return applyPresentationContextSelectionPolicy(presentationContexts, associationNumber);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList presentationContexts, int associationNumber) {
        for (Object o : presentationContexts) {
            PresentationContext pc = (PresentationContext) o;
            if (!ABSTRACT_SYNTAXES.contains(uid(pc.getAbstractSyntaxUID()))) {
                rejectWith(pc, ABSTRACT_SYNTAX_NOT_SUPPORTED);
                continue;
            }
            List<String> offered = ((List<?>) pc.getTransferSyntaxUIDs()).stream().map(t -> uid((String) t)).toList();
            String chosen = TRANSFER_SYNTAXES.stream().filter(offered::contains).findFirst().orElse(null);
            if (chosen == null) {
                rejectWith(pc, TRANSFER_SYNTAXES_NOT_SUPPORTED);
            } else {
                pc.newTransferSyntaxUIDs();
                pc.addTransferSyntaxUID(chosen);
                pc.setResultReason(ACCEPTANCE);
            }
        }
        return presentationContexts;
    }

    /** UIDs arrive padded to even length with NUL (PS3.5 9.1). */
    static String uid(String raw) {
        if (raw == null) {
            return "";
        }
        int end = raw.length();
        while (end > 0 && (raw.charAt(end - 1) == 0 || raw.charAt(end - 1) == ' ')) {
            end--;
        }
        return raw.substring(0, end);
    }

    /** The A-ASSOCIATE-AC item still needs a transfer syntax sub-item; its value is not significant when rejected. */
    private static void rejectWith(PresentationContext pc, byte reason) {
        pc.newTransferSyntaxUIDs();
        pc.addTransferSyntaxUID("1.2.840.10008.1.2");
        pc.setResultReason(reason);
    }
}
