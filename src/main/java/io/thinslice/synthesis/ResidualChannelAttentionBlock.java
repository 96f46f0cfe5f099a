package io.thinslice.synthesis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Residual channel-attention block (RCAN/HAN/CAIN): x + CA(conv3x3(relu(conv3x3(x)))), where CA rescales each
 * channel by sigmoid(W2 relu(W1 mean_hw(h))). Input and output (batch, channels, height, width); shape kept.
 */
final class ResidualChannelAttentionBlock extends AbstractBlock {

    private final int channels;
    private final int reduced;
    private final Block conv1;
    private final Block conv2;
    private final Block squeeze;
    private final Block excite;

    ResidualChannelAttentionBlock(int channels, int reduction) {
        this.channels = channels;
        this.reduced = Math.max(1, channels / reduction);
        conv1 = addChildBlock("conv1", conv(channels, 3, 3, 1, 1));
        conv2 = addChildBlock("conv2", conv(channels, 3, 3, 1, 1));
        squeeze = addChildBlock("squeeze", conv(reduced, 1, 1, 0, 0));
        excite = addChildBlock("excite", conv(channels, 1, 1, 0, 0));
    }

    static Block conv(int filters, int kernelH, int kernelW, int padH, int padW) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernelH, kernelW))
                .optPadding(new Shape(padH, padW)).build();
    }

    /** Multiply-adds per pixel (the pooled attention path is per image and ignored). */
    static long macsPerPixel(int channels) {
        return 2L * 9 * channels * channels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray h = conv1.forward(ps, new NDList(x), training).singletonOrThrow();
        h = conv2.forward(ps, new NDList(Activation.relu(h)), training).singletonOrThrow();
        NDArray w = h.mean(new int[] {3}, true).mean(new int[] {2}, true); // PtNDArray.mean takes one axis only
        w = Activation.relu(squeeze.forward(ps, new NDList(w), training).singletonOrThrow());
        w = Activation.sigmoid(excite.forward(ps, new NDList(w), training).singletonOrThrow());
        return new NDList(x.add(h.mul(w)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        conv1.initialize(manager, dataType, in);
        conv2.initialize(manager, dataType, in);
        Shape pooled = new Shape(in.get(0), channels, 1, 1);
        squeeze.initialize(manager, dataType, pooled);
        excite.initialize(manager, dataType, new Shape(in.get(0), reduced, 1, 1));
    }
}
