package io.thinslice.dicom;

import java.io.IOException;

/**
 * Called on the association thread for every received object, before the C-STORE response is sent.
 * Implementations must make the object durable before returning, moving the file out of the association's
 * incoming folder (deleted with whatever it still holds when the association ends); throwing makes PixelMed
 * abort the association, so the sender retries rather than losing the instance.
 */
@FunctionalInterface
public interface ReceivedObjectSink {
    void accept(ReceivedFile file) throws IOException;
}
