package io.thinslice.audit;

import java.io.Closeable;
import java.io.IOException;

/** One place audit messages go. Called from the trail's own thread only. */
interface AuditDestination extends Closeable {

    /** Delivers one message; throws when it could not (the message is then counted as dropped). */
    void send(AuditMessage message, byte[] xml) throws IOException;

    /** For the ordinary log: where, never what. */
    String describe();

    @Override
    default void close() throws IOException {
    }
}
