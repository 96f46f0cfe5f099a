package io.thinslice.derive;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Name-based UIDs under the 2.25 root (PS3.5 B.2): the same source series, method, factor and model version
 * always give the same derived UIDs, so a re-run after a crash overwrites rather than duplicates at the PACS.
 */
public final class DerivedUids {

    private DerivedUids() {
    }

    public static String seriesUid(String sourceSeriesUid, String method, int factor, String modelVersion) {
        return fromName("thinslice/series/" + sourceSeriesUid + "/" + method + "/x" + factor + "/" + modelVersion);
    }

    /** The uncertainty series of a derived series ({@link UncertaintySeries}). */
    public static String uncertaintySeriesUid(String derivedSeriesUid) {
        return fromName("thinslice/uncertainty/" + derivedSeriesUid);
    }

    public static String instanceUid(String derivedSeriesUid, int index) {
        return fromName("thinslice/instance/" + derivedSeriesUid + "/" + index);
    }

    /** A random UID under 2.25, for test studies. */
    public static String random() {
        return toUid(UUID.randomUUID());
    }

    public static String fromName(String name) {
        return toUid(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    }

    static String toUid(UUID uuid) {
        ByteBuffer b = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return "2.25." + new BigInteger(1, b.array());
    }
}
