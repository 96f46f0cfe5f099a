package io.thinslice.series;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a series job stands. DONE, FAILED and IGNORED are final. */
public enum JobState {
    /** Instances are arriving; the series is not yet stable. */
    RECEIVING,
    /** Complete (stable), queued for processing. */
    WAITING,
    /** Building the volume, synthesising and writing the derived series. */
    PROCESSING,
    /** Sending the derived series to the destinations, with retries. */
    EXPORTING,
    DONE,
    FAILED,
    /** Not ours to process (not CT, our own output); the reason says which. */
    IGNORED,
    /** Was done, failed or ignored; kept past {@code thinslice.storage.retention}, so its files were deleted. */
    EXPIRED;

    public boolean isFinal() {
        return this == DONE || this == FAILED || this == IGNORED || this == EXPIRED;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
