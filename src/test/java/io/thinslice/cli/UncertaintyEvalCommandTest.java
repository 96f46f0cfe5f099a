package io.thinslice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The held-out uncertainty report: written by its command, one row per study, simulation and fusion. */
class UncertaintyEvalCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesTheReportAndCsv() throws Exception {
        Path dir = tmp.resolve("out");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = new UncertaintyEvalCommand().run(Options.parse(new String[] {"--out", dir.toString(), "--study", "phantom",
                "--factors", "2", "--modes", "decimate"}), new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, log.toString(StandardCharsets.UTF_8));
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("java -jar quarkus-run.jar uncertainty-eval --out"), "the report names the command");
        assertTrue(report.contains("held out"), report);
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals(3, csv.size(), "header and the two fusions: " + csv);
        for (String row : csv.subList(1, 3)) {
            String[] f = row.split(",");
            assertEquals("phantom", f[0]);
            assertEquals("decimate x2", f[1]);
            double rho = Double.parseDouble(f[4]);
            assertTrue(rho >= -1 && rho <= 1, row);
            assertTrue(Double.parseDouble(f[5]) >= 0 && Double.parseDouble(f[6]) >= 0, row);
        }
    }

    @Test
    void refusesATrainingStudy() {
        // cranium-cranial is what the shipped weights were trained on (their provenance says so)
        assertThrows(IllegalArgumentException.class, () -> new UncertaintyEvalCommand().run(Options.parse(new String[] {"--out",
                tmp.resolve("x").toString(), "--study", "cranium-cranial"}), new PrintStream(new ByteArrayOutputStream())));
    }
}
