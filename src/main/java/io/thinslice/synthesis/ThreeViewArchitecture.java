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
 */
public record ThreeViewArchitecture(int axialUnshuffle, int axialChannels, int axialBlocks, int planeChannels,
                                    int planeBlocks, int reduction) {

    public ThreeViewArchitecture {
        if (axialUnshuffle != 2 && axialUnshuffle != 4) {
            throw new IllegalArgumentException("axial unshuffle must be 2 or 4, was " + axialUnshuffle);
        }
        if (axialChannels < 4 || planeChannels < 4 || axialBlocks < 0 || planeBlocks < 0 || reduction < 1) {
            throw new IllegalArgumentException("bad architecture " + axialChannels + "/" + axialBlocks + "/"
                    + planeChannels + "/" + planeBlocks + "/" + reduction);
        }
    }

    /** The CPU-sized default: axial unshuffle 4, 32 channels, 4 blocks; planes 16 channels, 3 blocks; reduction 4. */
    public static ThreeViewArchitecture defaults() {
        return new ThreeViewArchitecture(4, 32, 4, 16, 3, 4);
    }

    Map<String, String> toProperties() {
        return Map.of("arch.axialUnshuffle", Integer.toString(axialUnshuffle),
                "arch.axialChannels", Integer.toString(axialChannels),
                "arch.axialBlocks", Integer.toString(axialBlocks),
                "arch.planeChannels", Integer.toString(planeChannels),
                "arch.planeBlocks", Integer.toString(planeBlocks),
                "arch.reduction", Integer.toString(reduction));
    }

    static ThreeViewArchitecture fromProperties(Map<String, String> p) {
        return new ThreeViewArchitecture(Integer.parseInt(p.get("arch.axialUnshuffle")),
                Integer.parseInt(p.get("arch.axialChannels")), Integer.parseInt(p.get("arch.axialBlocks")),
                Integer.parseInt(p.get("arch.planeChannels")), Integer.parseInt(p.get("arch.planeBlocks")),
                Integer.parseInt(p.get("arch.reduction")));
    }
}
