package io.thinslice.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinslice.volume.ThickSimulation;
import io.thinslice.volume.ThickSimulation.Mode;
import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.synthesis.Interpolator;
import io.thinslice.synthesis.LinearInterpolator;
import io.thinslice.volume.Volume;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationRunTest {

    /** A stand-in for a plugged-in model: fails on x4, otherwise linear. */
    private static final class Picky implements Interpolator {
        @Override
        public String name() {
            return "picky";
        }

        @Override
        public String version() {
            return "0";
        }

        @Override
        public Volume interpolate(Volume thick, int factor) {
            if (factor == 4) {
                throw new IllegalStateException("no x4 checkpoint");
            }
            return new LinearInterpolator().interpolate(thick, factor);
        }
    }

    /** Returns one slice too few. */
    private static final class Short implements Interpolator {
        @Override
        public String name() {
            return "short";
        }

        @Override
        public String version() {
            return "0";
        }

        @Override
        public Volume interpolate(Volume thick, int factor) {
            Volume v = new LinearInterpolator().interpolate(thick, factor);
            int n = v.slices() - 1;
            return new Volume(java.util.Arrays.copyOf(v.voxels(), n * v.sliceSize()), n, v.rows(), v.columns(), v.geometry());
        }
    }

    @Test
    void baselinesAreAlwaysMeasuredFirst() {
        List<Interpolator> methods = EvaluationRun.withBaselines(List.of(new Picky()));
        assertEquals(List.of("linear", "cubic", "picky"), methods.stream().map(Interpolator::name).toList());
        assertEquals(List.of("linear", "cubic"),
                EvaluationRun.withBaselines(List.of(new LinearInterpolator())).stream().map(Interpolator::name).toList());
        assertThrows(IllegalArgumentException.class,
                () -> EvaluationRun.withBaselines(List.of(new Picky(), new Picky())));
    }

    @Test
    void runsEveryCaseAndRecordsFailures(@TempDir Path dir) throws Exception {
        Volume thin = PhantomGenerator.thin(PhantomSpec.small());
        List<String> lines = new ArrayList<>();
        EvaluationRun run = new EvaluationRun(List.of(new Picky(), new Short()),
                List.of(new EvaluationRun.Simulation(Mode.DECIMATE, 2), new EvaluationRun.Simulation(Mode.SLAB, 4)),
                lines::add);
        EvaluationRun.Outcome outcome = run.run(List.of(new EvaluationRun.Study("phantom", thin)));
        assertEquals(2 * 4, outcome.results().size());
        assertEquals(2, outcome.planes().size());
        assertTrue(lines.stream().anyMatch(l -> l.contains("[8/8]")), String.join("\n", lines));

        EvaluationRun.Result picky2 = find(outcome, "picky", Mode.DECIMATE);
        EvaluationRun.Result linear2 = find(outcome, "linear", Mode.DECIMATE);
        assertFalse(picky2.failed());
        assertEquals(linear2.scores(), picky2.scores());
        assertTrue(find(outcome, "picky", Mode.SLAB).error().contains("no x4 checkpoint"));
        assertTrue(find(outcome, "short", Mode.SLAB).error().contains("output is"));
        assertTrue(linear2.seconds() >= 0);

        EvaluationRun.CasePlanes p = outcome.planes().get(0);
        assertEquals(1, p.axialSlice() % 2, "the axial picture is a synthesised slice");
        assertEquals(List.of("truth", "linear", "cubic", "picky"), List.copyOf(p.axial().keySet()));

        Path report = EvaluationReport.defaults().write(outcome, dir);
        String md = Files.readString(report);
        assertTrue(md.contains("| decimate x2 | picky |"), md);
        assertTrue(md.contains("| slab x4 | picky | failed: java.lang.IllegalStateException: no x4 checkpoint"), md);
        assertTrue(Files.readString(dir.resolve("results.csv")).lines().count() == 9);
        for (String f : List.of("phantom-decimate-x2-axial.png", "phantom-decimate-x2-coronal.png",
                "phantom-slab-x4-axial.png", "phantom-slab-x4-coronal.png")) {
            assertTrue(md.contains("(images/" + f + ")"), f);
            BufferedImage img = ImageIO.read(dir.resolve("images").resolve(f).toFile());
            assertNotNull(img, f);
        }
        // Coronal: 33 slices of 1.25 mm over 1.5 mm columns, 64 columns enlarged 4x: 33·1.25/1.5·4 = 110 px high.
        BufferedImage coronal = ImageIO.read(dir.resolve("images/phantom-decimate-x2-coronal.png").toFile());
        assertEquals(110, coronal.getHeight());
        assertEquals(5 * 256 + 4 * 4, coronal.getWidth());
    }

    @Test
    void featuresTheFusedModelElseTheBestNonCubic() {
        EvaluationReport r = EvaluationReport.defaults();
        Metrics.Scores low = new Metrics.Scores(30, 25, .9, .8, .9, .9);
        Metrics.Scores high = new Metrics.Scores(35, 30, .9, .8, .9, .9);
        EvaluationRun.Simulation sim = new EvaluationRun.Simulation(Mode.DECIMATE, 2);
        var linear = new EvaluationRun.Result("s", sim, "linear", "1", low, 1, null);
        var cubic = new EvaluationRun.Result("s", sim, "cubic", "1", high, 1, null);
        var other = new EvaluationRun.Result("s", sim, "axial-only", "1", high, 1, null);
        var fused = new EvaluationRun.Result("s", sim, "three-view", "1", low, 1, null);
        assertEquals("linear", r.featuredMethod(List.of(linear, cubic)));
        assertEquals("axial-only", r.featuredMethod(List.of(linear, cubic, other)));
        assertEquals("three-view", r.featuredMethod(List.of(linear, cubic, other, fused)));
        assertEquals("linear", new EvaluationReport(-1000, 1000, 200, "linear").featuredMethod(List.of(linear, other, fused)));
        assertNull(r.featuredMethod(List.of(cubic)));
    }

    private static EvaluationRun.Result find(EvaluationRun.Outcome o, String method, Mode mode) {
        return o.results().stream().filter(r -> r.method().equals(method) && r.simulation().mode() == mode)
                .findFirst().orElseThrow();
    }
}
