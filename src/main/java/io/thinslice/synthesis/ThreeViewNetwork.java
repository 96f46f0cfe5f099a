package io.thinslice.synthesis;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Holder of the two networks so that they save and load as one DJL model ({@code .params}). It has no forward
 * of its own: callers use {@link #axial()} and {@link #plane()}.
 */
final class ThreeViewNetwork extends AbstractBlock {

    private final AxialSliceModel axial;
    private final PlaneModel plane;

    ThreeViewNetwork(ThreeViewArchitecture arch) {
        axial = addChildBlock("axial", new AxialSliceModel(arch));
        plane = addChildBlock("plane", new PlaneModel(arch));
    }

    AxialSliceModel axial() {
        return axial;
    }

    PlaneModel plane() {
        return plane;
    }

    /** Initialises both networks with the small shapes they need; sizes at run time may differ. */
    void initializeFor(NDManager manager, int unshuffle) {
        initialize(manager, DataType.FLOAT32, new Shape(1, axial.inputs(), 4L * unshuffle, 4L * unshuffle), new Shape(1, 1, 8, 4));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException("use axial() or plane()");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        axial.initialize(manager, dataType, inputShapes[0]);
        plane.initialize(manager, dataType, inputShapes[1]);
    }
}
