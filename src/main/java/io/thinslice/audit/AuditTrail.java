package io.thinslice.audit;

/** Where the node reports audit events. Never blocks and never throws: auditing must not hold up or fail DICOM work. */
public interface AuditTrail {

    /** Auditing off ({@code thinslice.audit.*} unset). */
    AuditTrail OFF = new AuditTrail() {
        @Override
        public void record(AuditMessage message) {
        }

        @Override
        public boolean enabled() {
            return false;
        }
    };

    void record(AuditMessage message);

    /** False when nothing is recorded: callers may skip building messages. */
    default boolean enabled() {
        return true;
    }
}
