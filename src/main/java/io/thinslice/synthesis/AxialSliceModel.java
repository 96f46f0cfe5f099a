package io.thinslice.synthesis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Axial (slice-wise) ×2 network in the spirit of CAIN: two neighbouring axial slices in (optionally with one more
 * on each side), the slice half-way between the middle two out.
 *
 * <p>Input (batch, n, height, width) with n = 2 or 4 ({@link ThreeViewArchitecture#axialInputs}), output
 * (batch, 1, height, width); values are normalised HU ((HU + 1024) / 4096); height and width must be multiples of
 * the unshuffle factor r. Pixel-unshuffle by r, a 3×3 head conv, residual channel-attention blocks with a long
 * skip, a 3×3 tail conv to r² channels, pixel-shuffle back; the output is a baseline plus that residual: the mean
 * of the two inputs (n = 2) or the cubic (Catmull-Rom) interpolation of the four (n = 4). All convolutions run at
 * 1/r of the resolution, which keeps the cost per output voxel low (see {@link #macsPerOutputVoxel}).
 */
final class AxialSliceModel extends AbstractBlock {

    private final int r;
    private final int inputs;
    private final int channels;
    private final Block head;
    private final List<Block> body = new ArrayList<>();
    private final Block tail;

    AxialSliceModel(ThreeViewArchitecture arch) {
        r = arch.axialUnshuffle();
        inputs = arch.axialInputs();
        channels = arch.axialChannels();
        head = addChildBlock("head", ResidualChannelAttentionBlock.conv(channels, 3, 3, 1, 1));
        for (int i = 0; i < arch.axialBlocks(); i++) {
            body.add(addChildBlock("rcab" + i, new ResidualChannelAttentionBlock(channels, arch.reduction())));
        }
        tail = addChildBlock("tail", ResidualChannelAttentionBlock.conv(r * r, 3, 3, 1, 1));
        // Zero tail: an untrained network outputs its baseline (mean / linear interpolation) exactly.
        tail.setInitializer(ai.djl.training.initializer.Initializer.ZEROS, ai.djl.nn.Parameter.Type.WEIGHT);
    }

    /** Multiply-adds per synthesised voxel (convolutions only; attention pooling and element-wise ops ignored). */
    static long macsPerOutputVoxel(ThreeViewArchitecture arch) {
        int r = arch.axialUnshuffle();
        int c = arch.axialChannels();
        long perLowResPixel = 9L * arch.axialInputs() * r * r * c + arch.axialBlocks() * ResidualChannelAttentionBlock.macsPerPixel(c)
                + 9L * c * r * r;
        return perLowResPixel / ((long) r * r);
    }

    int unshuffle() {
        return r;
    }

    int inputs() {
        return inputs;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray f = head.forward(ps, new NDList(PixelShuffle.unshuffle(x, r)), training).singletonOrThrow();
        NDArray h = f;
        for (Block b : body) {
            h = b.forward(ps, new NDList(h), training).singletonOrThrow();
        }
        NDArray residual = PixelShuffle.shuffle(tail.forward(ps, new NDList(h.add(f)), training).singletonOrThrow(), r);
        return new NDList(baseline(x).add(residual));
    }

    /** Mean of two slices, or Catmull-Rom at the middle of four: exactly what the classical methods give at ×2. */
    private NDArray baseline(NDArray x) {
        if (inputs == 2) {
            return x.mean(new int[] {1}, true);
        }
        NDArray inner = ThreeViews.scaled(x.get(":, 1:2").add(x.get(":, 2:3")), 0.5625f);
        return inner.sub(ThreeViews.scaled(x.get(":, 0:1").add(x.get(":, 3:4")), 0.0625f));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), 1, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape low = new Shape(in.get(0), (long) inputs * r * r, in.get(2) / r, in.get(3) / r);
        head.initialize(manager, dataType, low);
        Shape features = new Shape(in.get(0), channels, in.get(2) / r, in.get(3) / r);
        for (Block b : body) {
            b.initialize(manager, dataType, features);
        }
        tail.initialize(manager, dataType, features);
    }
}
