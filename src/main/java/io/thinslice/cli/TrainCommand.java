package io.thinslice.cli;

import io.thinslice.studies.CraniumStudy;
import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.synthesis.ThreeViewArchitecture;
import io.thinslice.synthesis.ThreeViewTraining;
import io.thinslice.synthesis.ThreeViewWeights;
import io.thinslice.synthesis.TrainingOptions;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.Volume;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains three-view weights, self-supervised, on thick volumes only: the studies the project can make
 * (the Cranium demo, phantoms) decimated to thick series. The thin truth never enters training.
 */
final class TrainCommand implements Commands.Command {

    @Override
    public String summary() {
        return "--out DIR [--study cranium,phantom --factors 2,4 --steps 300 --seed 1 --budget-seconds 0 --patch 48 --block-slices 25"
                + " --lr 0.0002 --incremental true|false --commit ID --file " + CraniumStudy.DEFAULT_FILE + "]  (self-supervised training of three-view weights)";
    }

    @Override
    public int run(Options o, PrintStream out) throws Exception {
        Path dir = o.path("out");
        List<String> studies = Arrays.asList(o.string("study", "cranium").split(","));
        int[] factors = Arrays.stream(o.string("factors", "2,4").split(",")).mapToInt(Integer::parseInt).toArray();
        TrainingOptions d = TrainingOptions.defaults();
        TrainingOptions options = d.withSteps(o.integer("steps", d.steps())).withSeed(o.integer("seed", (int) d.seed()))
                .withPatch(o.integer("patch", d.patch())).withBlockSlices(o.integer("block-slices", d.blockSlices()))
                .withLearningRate(Float.parseFloat(o.string("lr", Float.toString(d.learningRate()))))
                .withIncremental(Boolean.parseBoolean(o.string("incremental", Boolean.toString(d.incremental()))));
        int budget = o.integer("budget-seconds", 0);
        if (budget > 0) {
            options = options.withBudget(Duration.ofSeconds(budget));
        }
        Path file = Path.of(o.string("file", CraniumStudy.DEFAULT_FILE.toString()));
        String commit = o.string("commit", "unknown");
        o.requireAllKnown();

        List<Volume> thick = new ArrayList<>();
        List<String> data = new ArrayList<>();
        for (String study : studies) {
            Volume thin = switch (study) {
                case "cranium" -> CraniumStudy.read(file);
                case "phantom" -> PhantomGenerator.thin(PhantomSpec.small());
                default -> throw new IllegalArgumentException("unknown study '" + study + "'; known: cranium, phantom");
            };
            for (int f : factors) {
                if (f != 2 && f != 4) {
                    throw new IllegalArgumentException("--factors takes 2 and/or 4");
                }
                thick.add(Decimation.keepEveryNth(thin, f, 0));
            }
            data.add(study + " " + thin.slices() + "x" + thin.rows() + "x" + thin.columns() + " decimated by " + Arrays.toString(factors));
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("training.command", "java -jar quarkus-run.jar train " + o.describe());
        provenance.put("training.data", String.join("; ", data) + " (thick volumes only)");
        provenance.put("training.commit", commit);
        out.println("training on " + thick.size() + " thick volumes: " + options);
        long t0 = System.nanoTime();
        try (ThreeViewWeights w = ThreeViewTraining.run(thick, ThreeViewArchitecture.defaults(), options, provenance,
                new ProgressPrinter(out, "training"))) {
            w.save(dir);
            out.printf("saved weights %s under %s after %.0f s (%d parameters)%n", w.version(), dir, (System.nanoTime() - t0) / 1e9,
                    w.parameterCount());
        }
        return 0;
    }
}
