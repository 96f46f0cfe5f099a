package io.thinslice.synthesis;

import ai.djl.ndarray.NDArray;

/** Space-to-depth and back for (batch, channels, height, width) arrays, as torch's pixel_(un)shuffle. */
final class PixelShuffle {

    private PixelShuffle() {
    }

    /** (b, c, h, w) to (b, c·r², h/r, w/r); h and w must be multiples of r. */
    static NDArray unshuffle(NDArray x, int r) {
        long b = x.getShape().get(0);
        long c = x.getShape().get(1);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        return x.reshape(b, c, h / r, r, w / r, r).transpose(0, 1, 3, 5, 2, 4).reshape(b, c * r * r, h / r, w / r);
    }

    /** (b, c·r², h, w) to (b, c, h·r, w·r); inverse of {@link #unshuffle}. */
    static NDArray shuffle(NDArray x, int r) {
        long b = x.getShape().get(0);
        long c = x.getShape().get(1) / (r * r);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        return x.reshape(b, c, r, r, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(b, c, h * r, w * r);
    }
}
