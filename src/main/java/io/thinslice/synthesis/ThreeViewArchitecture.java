package io.thinslice.synthesis;

import java.util.Map;

/**
 * Sizes of the two networks of the three-view method.
 *
 * @param axialUnshuffle  space-to-depth factor of the axial network (2 or 4); slice sides are padded to a multiple
 * @param axialChannels   feature channels of the axial network
 * @param axialBlocks     residual channel-attention blocks of the axial network
 * @param planeChannels   feature channels of the coronal/sagittal network
 * @param planeBlocks     residual channel-attention blocks of the coronal/sagittal network
 * @param reduction       channel-attention reduction ratio (channels / reduction hidden units)
 * @param axialInputs     slices the axial network sees: 2 (the neighbours; baseline their mean, as in the paper) or
 *                        4 (one more on each side; baseline the cubic interpolation, so an untrained or weak network
 *                        starts from cubic rather than linear)
 */
public record ThreeViewArchitecture(int axialUnshuffle, int axialChannels, int axialBlocks, int planeChannels,
                                    int planeBlocks, int reduction, int axialInputs) {

    public ThreeViewArchitecture {
        if (axialUnshuffle != 2 && axialUnshuffle != 4) {
            throw new IllegalArgumentException("axial unshuffle must be 2 or 4, was " + axialUnshuffle);
        }
        if (axialInputs != 2 && axialInputs != 4) {
            throw new IllegalArgumentException("axial inputs must be 2 or 4, was " + axialInputs);
        }
        if (axialChannels < 4 || planeChannels < 4 || axialBlocks < 0 || planeBlocks < 0 || reduction < 1) {
            throw new IllegalArgumentException("bad architecture " + axialChannels + "/" + axialBlocks + "/"
                    + planeChannels + "/" + planeBlocks + "/" + reduction);
        }
    }

    /** The CPU-sized default: axial unshuffle 4, 32 channels, 4 blocks, 4 input slices; planes 16 channels, 3 blocks; reduction 4. */
    public static ThreeViewArchitecture defaults() {
        return new ThreeViewArchitecture(4, 32, 4, 16, 3, 4, 4);
    }

    /** The same sizes with another number of axial input slices. */
    public ThreeViewArchitecture withAxialInputs(int inputs) {
        return new ThreeViewArchitecture(axialUnshuffle, axialChannels, axialBlocks, planeChannels, planeBlocks, reduction, inputs);
    }

    Map<String, String> toProperties() {
        return Map.of("arch.axialUnshuffle", Integer.toString(axialUnshuffle),
                "arch.axialChannels", Integer.toString(axialChannels),
                "arch.axialBlocks", Integer.toString(axialBlocks),
                "arch.planeChannels", Integer.toString(planeChannels),
                "arch.planeBlocks", Integer.toString(planeBlocks),
                "arch.reduction", Integer.toString(reduction),
                "arch.axialInputs", Integer.toString(axialInputs));
    }

    static ThreeViewArchitecture fromProperties(Map<String, String> p) {
        return new ThreeViewArchitecture(Integer.parseInt(p.get("arch.axialUnshuffle")),
                Integer.parseInt(p.get("arch.axialChannels")), Integer.parseInt(p.get("arch.axialBlocks")),
                Integer.parseInt(p.get("arch.planeChannels")), Integer.parseInt(p.get("arch.planeBlocks")),
                Integer.parseInt(p.get("arch.reduction")),
                Integer.parseInt(p.getOrDefault("arch.axialInputs", "2"))); // weights saved before the option had 2
    }
}
