package io.thinslice.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.thinslice.derive.DeriveConfig;
import io.thinslice.export.ExportConfig;
import io.thinslice.ingest.DicomConfig;
import io.thinslice.ingest.StorageConfig;
import io.thinslice.series.JobsConfig;
import io.thinslice.series.SeriesConfig;
import io.thinslice.synthesis.SynthesisConfig;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's settings table lists exactly the settings the code reads, with the code's defaults. */
class ReadmeSettingsTest {

    private static final List<Class<?>> MAPPINGS = List.of(DicomConfig.class, StorageConfig.class, SeriesConfig.class, JobsConfig.class,
            SynthesisConfig.class, DeriveConfig.class, ExportConfig.class, io.thinslice.web.DicomWebConfig.class,
            io.thinslice.ingest.LimitsConfig.class, io.thinslice.audit.AuditConfig.class,
            io.thinslice.ingest.DicomTlsConfig.class, io.thinslice.export.ExportTlsConfig.class, io.thinslice.web.HttpConfig.class,
            io.thinslice.series.NodeConfig.class, io.thinslice.series.SelectConfig.class);
    private static final Pattern ROW = Pattern.compile("^\\| `(thinslice\\.[a-z.-]+)` \\| (`([^`]*)`|\\*\\(empty[^|]*\\)\\*) \\|", Pattern.MULTILINE);

    @Test
    void settingsTableMatchesTheConfigMappings() throws Exception {
        Map<String, String> documented = new TreeMap<>();
        Matcher m = ROW.matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            documented.put(m.group(1), m.group(3) == null ? "" : m.group(3));
        }
        Map<String, String> code = new TreeMap<>();
        for (Class<?> mapping : MAPPINGS) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            for (Method method : mapping.getDeclaredMethods()) {
                if (method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                    continue;
                }
                WithDefault d = method.getAnnotation(WithDefault.class);
                code.put(prefix + "." + kebab(method.getName()), d == null ? "" : d.value());
            }
        }
        assertEquals(90, code.size(), "settings in the code: " + code.keySet());
        assertEquals(code, documented);
        // The container's environment table and the conformance statement's configuration table name every one.
        for (String doc : List.of("deploy/README.md", "dicom-conformance/README.md")) {
            String text = Files.readString(Path.of(doc));
            List<String> missing = code.keySet().stream().filter(k -> !text.contains("| `" + k + "` |")).toList();
            assertEquals(List.of(), missing, "settings missing from the table in " + doc);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
