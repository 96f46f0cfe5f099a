package io.thinslice.derive;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Numbering and naming of derived series. */
@ConfigMapping(prefix = "thinslice.derive")
public interface DeriveConfig {

    /** Added to the source Series Number to give the derived Series Number. */
    @WithDefault("1000")
    int seriesNumberOffset();

    /** Series Description of derived series; {source}, {factor}, {method} are replaced. At most 64 characters result. */
    @WithDefault("{source} [ThinSlice x{factor}]")
    String seriesDescription();

    /**
     * Also send a second derived series on the same positions whose voxels are the three-view model's cross-view
     * disagreement (SD of its axial, coronal and sagittal predictions, HU): where the model is unsure. Only for series
     * the model derives (not when the guard chose linear or cubic). Off by default: it costs the axial network's pass
     * and a second series of the same size.
     */
    @WithDefault("false")
    boolean uncertainty();

    default DerivedSeriesSettings settings() {
        return new DerivedSeriesSettings(seriesNumberOffset(), seriesDescription());
    }
}
