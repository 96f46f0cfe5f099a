package io.thinslice.synthesis;

/** HU to the networks' unit range and back: u = (clamp(HU, -1024, 3072) + 1024) / 4096. */
final class Normalisation {

    static final float MIN_HU = -1024f;
    static final float MAX_HU = 3072f;

    private Normalisation() {
    }

    static float toUnit(float hu) {
        return (Math.max(MIN_HU, Math.min(MAX_HU, hu)) - MIN_HU) / (MAX_HU - MIN_HU);
    }

    static float toHu(float unit) {
        return unit * (MAX_HU - MIN_HU) + MIN_HU;
    }
}
