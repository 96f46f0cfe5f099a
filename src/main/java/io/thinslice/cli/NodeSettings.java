package io.thinslice.cli;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.thinslice.audit.AuditConfig;
import io.thinslice.derive.DeriveConfig;
import io.thinslice.export.ExportConfig;
import io.thinslice.export.ExportTlsConfig;
import io.thinslice.ingest.DicomConfig;
import io.thinslice.ingest.DicomTlsConfig;
import io.thinslice.ingest.LimitsConfig;
import io.thinslice.ingest.StorageConfig;
import io.thinslice.series.JobsConfig;
import io.thinslice.series.NodeConfig;
import io.thinslice.series.SeriesConfig;
import io.thinslice.synthesis.SynthesisConfig;
import io.thinslice.web.DicomWebConfig;
import io.thinslice.web.HttpConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The node's {@code thinslice.*} settings, and the one check of their names that SmallRye Config leaves out. SmallRye
 * stops the start on a misspelt {@code thinslice.*} name from {@code -D} or a properties file, but it skips names that
 * come from environment variables (an environment name cannot be turned back into a dotted name unambiguously,
 * quarkus#38479), so {@code THINSLICE_DICOM_PROTR} would be ignored without a word.
 */
final class NodeSettings {

    /** Every {@code @ConfigMapping} of the node (NodeSettingsTest keeps this list complete). */
    static final List<Class<?>> MAPPINGS = List.of(DicomConfig.class, StorageConfig.class, SeriesConfig.class, SynthesisConfig.class,
            DeriveConfig.class, ExportConfig.class, DicomWebConfig.class, JobsConfig.class, LimitsConfig.class,
            AuditConfig.class, DicomTlsConfig.class, ExportTlsConfig.class,
            HttpConfig.class, NodeConfig.class, io.thinslice.series.SelectConfig.class);

    private NodeSettings() {
    }

    /** Every {@code thinslice.*} setting name, as the mappings read it. */
    static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (Class<?> mapping : MAPPINGS) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            for (Method m : mapping.getDeclaredMethods()) {
                if (m.isDefault() || Modifier.isStatic(m.getModifiers())) {
                    continue; // derived values, not settings
                }
                WithName n = m.getAnnotation(WithName.class);
                names.add(prefix + "." + (n != null ? n.value() : m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT)));
            }
        }
        return names;
    }

    /**
     * The environment variables that look like a setting ({@code THINSLICE_...}) but name none. A list element given
     * by index ({@code THINSLICE_EXPORT_DESTINATIONS_0_}) counts as its list.
     */
    static List<String> unknownEnvironmentVariables(Map<String, String> env) {
        Set<String> known = names().stream().map(NodeSettings::envName).collect(Collectors.toSet());
        return env.keySet().stream().filter(k -> envName(k).startsWith("THINSLICE_"))
                .filter(k -> !known.contains(envName(k).replaceFirst("_[0-9]+_$", ""))).sorted().toList();
    }

    /** The environment variable for a property name (MicroProfile Config: upper case, other characters to '_'). */
    static String envName(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
