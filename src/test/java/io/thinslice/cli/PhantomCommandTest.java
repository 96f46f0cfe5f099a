package io.thinslice.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.thinslice.dicom.SourceSeriesSpec;
import io.thinslice.dicom.SourceSeriesWriter;
import io.thinslice.studies.BodyPart;
import io.thinslice.studies.BodyPhantomGenerator;
import io.thinslice.studies.BodyPhantomSpec;
import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.studies.ReconstructionKernel;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.Volume;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhantomCommandTest {

    @TempDir
    Path tmp;

    @Test
    void withoutBodyOptionsTheOriginalPhantomIsWrittenByteForByte() throws Exception {
        run("--out", tmp.resolve("cli").toString());
        // What the command wrote before it had body phantoms: the same generator, decimation, series and writer.
        Volume thin = PhantomGenerator.thin(PhantomSpec.small());
        SourceSeriesSpec series = SourceSeriesSpec.named("phantom/42", "Phantom^phantom", "Phantom thick phantom", 2, 0);
        SourceSeriesWriter.write(Decimation.keepEveryNth(thin, 4, 0), series, tmp.resolve("ref/thick"));
        SourceSeriesWriter.write(thin, series.withSeries("Phantom thin truth phantom", 3), tmp.resolve("ref/thin"));
        for (String part : List.of("thick", "thin")) {
            List<Path> written = files(tmp.resolve("cli").resolve(part));
            List<Path> expected = files(tmp.resolve("ref").resolve(part));
            assertEquals(expected.size(), written.size(), part);
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(Files.readAllBytes(expected.get(i)), Files.readAllBytes(written.get(i)), written.get(i).toString());
            }
        }
        assertEquals(9, files(tmp.resolve("cli/thick")).size());
    }

    @Test
    void spacingOptionsAlsoApplyToTheOriginalPhantom() throws Exception {
        run("--out", tmp.toString(), "--thin-slices", "9", "--pixel-spacing", "0.8", "--thin-spacing", "2");
        AttributeList first = read(files(tmp.resolve("thin")).get(0));
        assertEquals("0.8\\0.8", first.get(TagFromName.PixelSpacing).getDelimitedStringValuesOrEmptyString());
        short[] expected = stored(PhantomGenerator.thin(new PhantomSpec(64, 64, 9, 0.8, 2, 42)), 4);
        assertArrayEquals(expected, pixels(files(tmp.resolve("thin")).get(4)));
    }

    @Test
    void bodyOptionsWriteTheBodyPhantomTheySpecify() throws Exception {
        run("--out", tmp.toString(), "--body", "knee", "--rows", "48", "--columns", "40", "--thin-slices", "9", "--factor", "2",
                "--seed", "5", "--noise", "4", "--kernel", "sharp", "--grey-levels", "256", "--pixel-spacing", "3",
                "--thin-spacing", "1.5");
        BodyPhantomSpec spec = new BodyPhantomSpec(BodyPart.KNEE, 48, 40, 9, 3, 1.5, 4, ReconstructionKernel.SHARP, 256, 5);
        Volume truth = BodyPhantomGenerator.thin(spec);
        List<Path> thin = files(tmp.resolve("thin"));
        List<Path> thick = files(tmp.resolve("thick"));
        assertEquals(9, thin.size());
        assertEquals(5, thick.size());
        assertArrayEquals(stored(truth, 6), pixels(thin.get(6)));
        assertArrayEquals(stored(truth, 6), pixels(thick.get(3)));
        AttributeList header = read(thin.get(0));
        assertEquals("Phantom^knee", header.get(TagFromName.PatientName).getSingleStringValueOrEmptyString());
        double z0 = header.get(TagFromName.ImagePositionPatient).getDoubleValues()[2];
        double z1 = read(thin.get(1)).get(TagFromName.ImagePositionPatient).getDoubleValues()[2];
        assertEquals(1.5, z1 - z0, 1e-6);
    }

    @Test
    void aBodyPartDefaultsToItsFieldOfViewAndOtherParametersGetOtherUids() throws Exception {
        run("--out", tmp.resolve("a").toString(), "--body", "head", "--rows", "32", "--columns", "32", "--thin-slices", "5");
        run("--out", tmp.resolve("b").toString(), "--body", "head", "--rows", "32", "--columns", "32", "--thin-slices", "5",
                "--kernel", "soft");
        AttributeList a = read(files(tmp.resolve("a/thin")).get(0));
        AttributeList b = read(files(tmp.resolve("b/thin")).get(0));
        double spacing = Double.parseDouble(a.get(TagFromName.PixelSpacing).getStringValues()[0]);
        assertEquals(250.0 / 32, spacing, 1e-3);
        assertNotEquals(a.get(TagFromName.StudyInstanceUID).getSingleStringValueOrEmptyString(),
                b.get(TagFromName.StudyInstanceUID).getSingleStringValueOrEmptyString());
    }

    @Test
    void badOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> run("--out", tmp.toString(), "--noise", "5"));
        assertThrows(IllegalArgumentException.class, () -> run("--out", tmp.toString(), "--kernel", "soft"));
        assertThrows(IllegalArgumentException.class, () -> run("--out", tmp.toString(), "--grey-levels", "64"));
        IllegalArgumentException body = assertThrows(IllegalArgumentException.class,
                () -> run("--out", tmp.toString(), "--body", "foot"));
        assertTrue(body.getMessage().contains("head, chest, abdomen, knee"), body.getMessage());
        assertThrows(IllegalArgumentException.class, () -> run("--out", tmp.toString(), "--body", "head", "--kernel", "blurry"));
        assertThrows(IllegalArgumentException.class, () -> run("--out", tmp.toString(), "--body", "head", "--noise", "lots"));
        assertThrows(IllegalArgumentException.class, () -> run("--out", tmp.toString(), "--body", "head", "--grey-levels", "1"));
        assertThrows(IllegalArgumentException.class, () -> run("--out", tmp.toString(), "--pixel-spacing", "0"));
    }

    @Test
    void summaryNamesTheNewOptions() {
        String summary = new PhantomCommand().summary();
        for (String option : List.of("--body head|chest|abdomen|knee", "--noise", "--kernel soft|standard|sharp", "--grey-levels",
                "--pixel-spacing", "--thin-spacing")) {
            assertTrue(summary.contains(option), option);
        }
    }

    @Test
    void routingStudyHoldsSixSeriesOfOneStudyOfWhichTheDefaultSelectionTakesTheTwo5mmSeries() throws Exception {
        run("--out", tmp.resolve("routing").toString(), "--study", "routing");
        java.util.Map<String, String> decided = new java.util.TreeMap<>();
        java.util.Set<String> studies = new java.util.HashSet<>();
        java.util.Set<String> series = new java.util.HashSet<>();
        try (Stream<Path> dirs = Files.list(tmp.resolve("routing"))) {
            for (Path dir : dirs.sorted().toList()) {
                List<io.thinslice.volume.SliceHeader> headers = new java.util.ArrayList<>();
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        headers.add(io.thinslice.dicom.InstanceReader.readHeader(f));
                    }
                }
                headers.forEach(h -> studies.add(h.studyInstanceUid()));
                series.add(headers.get(0).seriesInstanceUid());
                io.thinslice.series.SeriesSelection.Decision d = io.thinslice.series.SeriesSelection.defaults().decide(headers);
                if (d.selected()) {
                    io.thinslice.volume.VolumeBuilder.validate(headers); // and processable
                }
                decided.put(dir.getFileName() + " " + headers.size(), d.selected() ? "selected" : d.rule());
            }
        }
        assertEquals(java.util.Map.of("1-topogram 1", "localizer", "2-axial-1mm 9", "min-spacing", "3-axial-5mm-soft 9", "selected",
                "4-axial-5mm-sharp 9", "selected", "5-coronal-reformat 8", "reformat", "6-two-slices 2", "min-slices"), decided);
        assertEquals(1, studies.size(), "one study");
        assertEquals(6, series.size(), "six series");
        assertEquals("B70f", read(tmp.resolve("routing/4-axial-5mm-sharp/slice-0001.dcm")).get(TagFromName.ConvolutionKernel).getSingleStringValueOrEmptyString());
        assertEquals("B30f", read(tmp.resolve("routing/3-axial-5mm-soft/slice-0001.dcm")).get(TagFromName.ConvolutionKernel).getSingleStringValueOrEmptyString());
    }

    private static void run(String... args) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = new PhantomCommand().run(Options.parse(args), new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, log.toString(StandardCharsets.UTF_8));
    }

    /** Slice {@code z} as the writer stores it (unsigned, intercept −1024). */
    private static short[] stored(Volume v, int z) {
        float[] slice = v.slice(z);
        short[] out = new short[slice.length];
        for (int i = 0; i < slice.length; i++) {
            out[i] = (short) Math.max(0, Math.min(4095, Math.round(slice[i] + 1024)));
        }
        return out;
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return list;
    }

    private static short[] pixels(Path file) throws Exception {
        return read(file).getPixelData().getShortValues();
    }
}
