package io.thinslice.synthesis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

/**
 * The three ×2 predictions on a block of slices, as differentiable NDArray operations (used by training).
 *
 * <p>Blocks are (z, y, x) = (slices, rows, columns) of normalised HU; predictions are the z − 1 slices half-way
 * between neighbours, same layout. Coronal planes are fixed-row planes (x along the plane's rows, z along its
 * columns), sagittal planes fixed-column planes (y along rows, z along columns).
 */
final class ThreeViews {

    private ThreeViews() {
    }

    /** Predictions of the three views on one block. */
    record Predictions(NDArray axial, NDArray coronal, NDArray sagittal) {

        NDArray fused(float[] w) {
            return scaled(axial, w[0]).add(scaled(coronal, w[1])).add(scaled(sagittal, w[2]));
        }
    }

    /**
     * {@code x · s}, safe under autograd. DJL's {@code mul(Number)} wraps {@code s} in a tensor over a direct buffer and
     * closes it at once, but autograd keeps that tensor for the backward pass: once the garbage collector frees the
     * buffer, backward reads freed memory (gradients then vary from run to run and are now and then NaN). Here the
     * scalar belongs to {@code x}'s manager and lives as long as the step that made {@code x}.
     */
    static NDArray scaled(NDArray x, float s) {
        return x.mul(x.getManager().create(s));
    }

    static Predictions predict(ThreeViewNetwork net, ParameterStore ps, NDArray x, boolean training) {
        return new Predictions(axial(net, ps, x, training), coronal(net, ps, x, training), sagittal(net, ps, x, training));
    }

    static NDArray axial(ThreeViewNetwork net, ParameterStore ps, NDArray x, boolean training) {
        NDList slices = new NDList(x.get(":-1"), x.get("1:"));
        if (net.axial().inputs() == 4) {
            // One more slice on each side, the edge slice repeated where there is none (as cubic interpolation does).
            long z = x.getShape().get(0);
            NDArray before = z > 2 ? NDArrays.concat(new NDList(x.get(":1"), x.get(":-2")), 0) : x.get(":1");
            NDArray after = z > 2 ? NDArrays.concat(new NDList(x.get("2:"), x.get("-1:")), 0) : x.get("-1:");
            slices = new NDList(before, x.get(":-1"), x.get("1:"), after);
        }
        return net.axial().forward(ps, new NDList(NDArrays.stack(slices, 1)), training).singletonOrThrow().squeeze(1);
    }

    static NDArray coronal(ThreeViewNetwork net, ParameterStore ps, NDArray x, boolean training) {
        NDArray planes = x.transpose(1, 2, 0).expandDims(1); // (y, 1, x, z)
        NDArray out = net.plane().forward(ps, new NDList(planes), training).singletonOrThrow().squeeze(1); // (y, x, z-1)
        return out.transpose(2, 0, 1);
    }

    static NDArray sagittal(ThreeViewNetwork net, ParameterStore ps, NDArray x, boolean training) {
        NDArray planes = x.transpose(2, 1, 0).expandDims(1); // (x, 1, y, z)
        NDArray out = net.plane().forward(ps, new NDList(planes), training).singletonOrThrow().squeeze(1); // (x, y, z-1)
        return out.transpose(2, 1, 0);
    }

    /** Slices of {@code x} with {@code mids} between them: 2z − 1 slices. */
    static NDArray interleave(NDArray x, NDArray mids) {
        long z = x.getShape().get(0);
        long h = x.getShape().get(1);
        long w = x.getShape().get(2);
        NDArray pairs = NDArrays.stack(new NDList(x.get(":-1"), mids), 1).reshape(2 * (z - 1), h, w);
        return NDArrays.concat(new NDList(pairs, x.get("-1:")), 0);
    }

    /** Planes (b, 1, n, z) with {@code mids} (b, 1, n, z − 1) between their columns: (b, 1, n, 2z − 1). */
    static NDArray interleaveColumns(NDArray x, NDArray mids) {
        long b = x.getShape().get(0);
        long n = x.getShape().get(2);
        long z = x.getShape().get(3);
        NDArray pairs = NDArrays.stack(new NDList(x.get(":, :, :, :-1"), mids), 4).reshape(b, 1, n, 2 * (z - 1));
        return NDArrays.concat(new NDList(pairs, x.get(":, :, :, -1:")), 3);
    }
}
