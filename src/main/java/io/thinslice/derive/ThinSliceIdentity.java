package io.thinslice.derive;

/** How ThinSlice names itself in the instances it creates; also how it recognises its own output. */
public final class ThinSliceIdentity {
    public static final String MANUFACTURER = "ThinSlice";
    public static final String MODEL_NAME = "ThinSlice thin-slice synthesis node";
    public static final String VERSION = "0.1.0";

    private ThinSliceIdentity() {
    }
}
