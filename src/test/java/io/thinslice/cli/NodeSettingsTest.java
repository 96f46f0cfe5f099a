package io.thinslice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NodeSettingsTest {

    /** A mapping missing from the list would let its environment variables be refused as unknown. */
    @Test
    void listsEveryConfigMappingOfTheNode() throws Exception {
        Path classes = Path.of("target/classes");
        Set<Class<?>> found = new HashSet<>();
        try (Stream<Path> files = Files.walk(classes.resolve("io/thinslice"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, getClass().getClassLoader());
                if (c.isAnnotationPresent(ConfigMapping.class)) {
                    found.add(c);
                }
            }
        }
        assertEquals(found, Set.copyOf(NodeSettings.MAPPINGS));
        assertTrue(NodeSettings.names().contains("thinslice.dicom.ae-title"));
    }

    @Test
    void environmentVariablesThatNameASettingPass() {
        Map<String, String> env = Map.of("THINSLICE_DICOM_PORT", "1", "THINSLICE_DICOM_AE_TITLE", "X", "THINSLICE_EXPORT_DESTINATIONS_0_", "A@h:1",
                "PATH", "/bin", "QUARKUS_HTTP_PORT", "1");
        assertEquals(List.of(), NodeSettings.unknownEnvironmentVariables(env));
    }

    @Test
    void misspeltEnvironmentVariablesAreNamed() {
        Map<String, String> env = Map.of("THINSLICE_DICOM_PROTR", "1", "thinslice.dicom.prot", "1", "THINSLICE_DICOM", "1", "THINSLICE_DICOM_PORT", "1");
        assertEquals(List.of("THINSLICE_DICOM", "THINSLICE_DICOM_PROTR", "thinslice.dicom.prot"), NodeSettings.unknownEnvironmentVariables(env));
    }
}
