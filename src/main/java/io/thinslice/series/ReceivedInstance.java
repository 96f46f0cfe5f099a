package io.thinslice.series;

import io.thinslice.volume.SliceHeader;
import java.time.Instant;

/**
 * An instance durably in the spool. Every way in (C-STORE now, STOW-RS later) produces this.
 *
 * @param header     its header, with {@code path} in the spool
 * @param origin     how it came, e.g. {@code DIMSE:CALLING_AE}
 * @param duplicate  the spool already held this SOP Instance UID; the copy was dropped
 * @param receivedAt when it was received
 */
public record ReceivedInstance(SliceHeader header, String origin, boolean duplicate, Instant receivedAt) {
}
