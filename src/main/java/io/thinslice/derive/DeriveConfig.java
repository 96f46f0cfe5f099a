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

    default DerivedSeriesSettings settings() {
        return new DerivedSeriesSettings(seriesNumberOffset(), seriesDescription());
    }
}
