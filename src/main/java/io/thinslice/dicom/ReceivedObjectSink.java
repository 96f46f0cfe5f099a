package io.thinslice.dicom;

import java.io.IOException;

/**
 * Called on the association thread for every received object, before the C-STORE response is sent.
 * Implementations must make the object durable before returning, moving the file out of the association's
 * incoming folder (deleted with whatever it still holds when the association ends). Throwing refuses the object with
 * a C-STORE failure status (the sender keeps it): {@link OutOfResourcesException} 0xA700,
 * {@link InstanceRefusedException} 0xC000, any other exception 0x0110 (processing failure); the association goes on.
 */
@FunctionalInterface
public interface ReceivedObjectSink {
    void accept(ReceivedFile file) throws IOException;
}
