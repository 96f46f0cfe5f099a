package io.thinslice.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The DICOMweb services. */
@ConfigMapping(prefix = "thinslice.dicomweb")
public interface DicomWebConfig {

    /** Also serve (QIDO-RS, WADO-RS) the received source series, not only the derived series the node made. */
    @WithDefault("false")
    boolean serveSources();
}
