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
 * Coronal/sagittal (pixel-wise) ×2 network in the spirit of HAN; one set of weights serves both orientations.
 *
 * <p>Input (batch, 1, n, z): one coronal or sagittal plane, rows along the in-plane axis (x or y, fine spacing),
 * columns along z at the acquired (thick) spacing, z ≥ 2; values are normalised HU ((HU + 1024) / 4096). Output
 * (batch, 1, n, z − 1): column k is the missing column half-way between input columns k and k + 1. A 3×3 head conv,
 * residual channel-attention blocks with a long skip (no spatial resampling), and a (3 × 2) tail conv without
 * z padding that maps each pair of neighbouring columns to the column between them; the output is cubic
 * interpolation along z (Catmull-Rom, edges repeated, as {@link CubicInterpolator}) plus that residual, so an
 * untrained network (zero tail) equals cubic interpolation exactly.
 */
final class PlaneModel extends AbstractBlock {

    private final int channels;
    private final Block head;
    private final List<Block> body = new ArrayList<>();
    private final Block tail;

    PlaneModel(ThreeViewArchitecture arch) {
        channels = arch.planeChannels();
        head = addChildBlock("head", ResidualChannelAttentionBlock.conv(channels, 3, 3, 1, 1));
        for (int i = 0; i < arch.planeBlocks(); i++) {
            body.add(addChildBlock("rcab" + i, new ResidualChannelAttentionBlock(channels, arch.reduction())));
        }
        tail = addChildBlock("tail", ResidualChannelAttentionBlock.conv(1, 3, 2, 1, 0));
        // Zero tail: an untrained network outputs its baseline (cubic interpolation along z) exactly.
        tail.setInitializer(ai.djl.training.initializer.Initializer.ZEROS, ai.djl.nn.Parameter.Type.WEIGHT);
    }

    /**
     * Multiply-adds per synthesised voxel: the head and body run on every input pixel (about one per output voxel),
     * the tail on every output voxel.
     */
    static long macsPerOutputVoxel(ThreeViewArchitecture arch) {
        int c = arch.planeChannels();
        return 9L * c + arch.planeBlocks() * ResidualChannelAttentionBlock.macsPerPixel(c) + 6L * c;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray f = head.forward(ps, new NDList(x), training).singletonOrThrow();
        NDArray h = f;
        for (Block b : body) {
            h = b.forward(ps, new NDList(h), training).singletonOrThrow();
        }
        NDArray residual = tail.forward(ps, new NDList(h.add(f)), training).singletonOrThrow();
        return new NDList(cubic(x).add(residual));
    }

    /**
     * Cubic convolution (Catmull-Rom, a = -0.5) at the mid-points along z, edge columns repeated: exactly what
     * {@link CubicInterpolator} synthesises at ×2; linear when z = 2 (the same formula with both edges repeated).
     */
    static NDArray cubic(NDArray x) {
        long z = x.getShape().get(3);
        NDArray a = x.get(":, :, :, :-1");
        NDArray b = x.get(":, :, :, 1:");
        NDArray inner = ThreeViews.scaled(a.add(b), 0.5f); // the input carries gradients in incremental training
        if (z <= 2) {
            return inner;
        }
        NDArray left = ai.djl.ndarray.NDArrays.concat(new NDList(x.get(":, :, :, :1"), x.get(":, :, :, :-2")), 3);
        NDArray right = ai.djl.ndarray.NDArrays.concat(new NDList(x.get(":, :, :, 2:"), x.get(":, :, :, -1:")), 3);
        // -1/16 x[k-1] + 9/16 x[k] + 9/16 x[k+1] - 1/16 x[k+2]
        return ThreeViews.scaled(inner, 1.125f).sub(ThreeViews.scaled(left.add(right), 0.0625f));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), 1, in.get(2), in.get(3) - 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        head.initialize(manager, dataType, in);
        Shape features = new Shape(in.get(0), channels, in.get(2), in.get(3));
        for (Block b : body) {
            b.initialize(manager, dataType, features);
        }
        tail.initialize(manager, dataType, features);
    }
}
