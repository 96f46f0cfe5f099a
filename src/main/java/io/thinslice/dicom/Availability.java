package io.thinslice.dicom;

/**
 * Whether the node can take new associations now. While it cannot (its job store cannot record an instance), a new
 * association is answered A-ASSOCIATE-RJ rejected-transient, so the sender keeps its instances and tries again later
 * instead of sending what the node could not record.
 */
@FunctionalInterface
public interface Availability {

    /** Always available. */
    Availability ALWAYS = () -> null;

    /** Why no association can be taken now (it goes to the log and the audit trail), or null while they can. */
    String unavailableBecause();
}
