package io.thinslice.audit;

/** A coded value of the audit schema (csd-code, codeSystemName, originalText). */
public record Code(String code, String system, String meaning) {

    static Code dcm(String code, String meaning) {
        return new Code(code, "DCM", meaning);
    }

    static Code rfc3881(String code, String meaning) {
        return new Code(code, "RFC-3881", meaning);
    }
}
