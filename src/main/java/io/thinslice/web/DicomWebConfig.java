package io.thinslice.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.util.Locale;
import org.eclipse.microprofile.config.spi.Converter;

/** The DICOMweb services. */
@ConfigMapping(prefix = "thinslice.dicomweb")
public interface DicomWebConfig {

    /** Also serve (QIDO-RS, WADO-RS) the received source series, not only the derived series the node made. */
    @WithDefault("false")
    @WithConverter(TrueOrFalse.class)
    boolean serveSources();

    /**
     * Only {@code true} or {@code false}: SmallRye's own converter reads any other word (a typo such as {@code ture})
     * as false with a mere warning, and the node would start with the setting off.
     */
    final class TrueOrFalse implements Converter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("expected true or false, got \"" + value + "\"");
            };
        }
    }
}
