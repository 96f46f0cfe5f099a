package io.thinslice.web;

import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/** Accept header negotiation for the DICOMweb media types (PS3.18 8.7). Absent or empty Accept takes the default. */
final class Accept {

    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";

    /** The negotiated DICOM retrieval: any stored transfer syntax, or explicit VR little endian. */
    record Dicom(boolean anyTransferSyntax) {
    }

    private Accept() {
    }

    static List<MediaType> ranges(String accept) {
        List<MediaType> out = new ArrayList<>();
        if (accept == null || accept.isBlank()) {
            out.add(MediaType.WILDCARD_TYPE);
            return out;
        }
        for (String r : accept.split(",")) {
            try {
                MediaType m = MediaType.valueOf(r.trim());
                String q = m.getParameters().get("q");
                if (q != null && Double.parseDouble(q) <= 0) {
                    continue;
                }
                out.add(m);
            } catch (RuntimeException e) {
                // an unparseable range accepts nothing
            }
        }
        return out;
    }

    static boolean json(String accept) {
        for (MediaType m : ranges(accept)) {
            if (m.isWildcardType() || m.getType().equals("application")
                    && (m.isWildcardSubtype() || m.getSubtype().equals("dicom+json") || m.getSubtype().equals("json"))) {
                return true;
            }
        }
        return false;
    }

    /** multipart/related with parts of {@code partType} in explicit VR little endian (the default) or as stored ("*"). */
    static boolean multipart(String accept, String partType) {
        return dicomLike(accept, partType) != null;
    }

    static Dicom dicom(String accept) {
        return dicomLike(accept, "application/dicom");
    }

    private static Dicom dicomLike(String accept, String partType) {
        Dicom best = null;
        for (MediaType m : ranges(accept)) {
            if (m.isWildcardType() || m.getType().equals("multipart") && m.isWildcardSubtype()) {
                best = best == null ? new Dicom(false) : best;
                continue;
            }
            if (!m.getType().equals("multipart") || !m.getSubtype().equals("related")) {
                continue;
            }
            String type = DicomWebResource.unquote(m.getParameters().get("type"));
            if (type != null && !type.equalsIgnoreCase(partType) && !type.equals("*/*") && !type.equals("application/*")) {
                continue;
            }
            String ts = DicomWebResource.unquote(m.getParameters().get("transfer-syntax"));
            if (ts == null || ts.equals(EXPLICIT_LE)) {
                best = best == null ? new Dicom(false) : best;
            } else if (ts.equals("*")) {
                return new Dicom(true);
            }
        }
        return best;
    }

    /** image/png (preferred) or image/jpeg, or null. */
    static String image(String accept) {
        for (MediaType m : ranges(accept)) {
            if (m.isWildcardType() || m.getType().equals("image") && (m.isWildcardSubtype() || m.getSubtype().equals("png"))) {
                return "image/png";
            }
            if (m.getType().equals("image") && m.getSubtype().equals("jpeg")) {
                return "image/jpeg";
            }
        }
        return null;
    }
}
