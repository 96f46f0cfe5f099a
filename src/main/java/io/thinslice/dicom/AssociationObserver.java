package io.thinslice.dicom;

/**
 * Hears of the listener's associations, e.g. for the audit trail. Called on the association's thread (refusals of a
 * busy node on the accept thread); must be quick and must not throw.
 */
public interface AssociationObserver {

    AssociationObserver NONE = new AssociationObserver() {
    };

    /** Association {@code number} passed the node's own checks and goes to PixelMed. */
    default void accepted(int number, String callingAeTitle, String remoteHost) {
    }

    /** A connection refused before it became an association; {@code callingAeTitle} is null when unknown. */
    default void refused(String callingAeTitle, String remoteHost, String reason) {
    }

    /** Association {@code number} is over (released, aborted or failed); every instance it brought was handed over. */
    default void ended(int number) {
    }
}
