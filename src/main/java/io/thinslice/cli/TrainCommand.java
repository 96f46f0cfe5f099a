package io.thinslice.cli;

import io.thinslice.synthesis.InPlaneScale;
import io.thinslice.synthesis.ThreeViewArchitecture;
import io.thinslice.synthesis.ThreeViewTraining;
import io.thinslice.synthesis.ThreeViewWeights;
import io.thinslice.synthesis.TrainingOptions;
import io.thinslice.volume.Volume;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains three-view weights, self-supervised, on thick volumes only: the studies the project can make
 * (the Cranium demo, phantoms) decimated to thick series, and a site's own thick series ({@link TrainingData}).
 * The thin truth never enters training.
 */
final class TrainCommand implements Commands.Command {

    @Override
    public String summary() {
        TrainingOptions d = TrainingOptions.defaults();
        return "--out DIR [" + TrainingData.OPTIONS + " --steps 300 --seed 1 --budget-seconds 0 --patch 48 --block-slices 25"
                + " --lr 0.0002 --incremental true|false --cross-view 1 --distill 0.15 --axial-teacher 0.5 --in-plane 1"
                + " --in-plane-spacing " + d.inPlaneScale().minSpacing() + "," + d.inPlaneScale().maxSpacing() + " --slab-share "
                + d.inPlaneScale().slabShare() + " --commit ID]  (self-supervised training of three-view weights)";
    }

    @Override
    public int run(Options o, PrintStream out) throws Exception {
        Path dir = o.path("out");
        TrainingData.Request request = TrainingData.request(o);
        TrainingOptions d = TrainingOptions.defaults();
        TrainingOptions options = d.withSteps(o.integer("steps", d.steps())).withSeed(o.integer("seed", (int) d.seed()))
                .withPatch(o.integer("patch", d.patch())).withBlockSlices(o.integer("block-slices", d.blockSlices()))
                .withLearningRate(Float.parseFloat(o.string("lr", Float.toString(d.learningRate()))))
                .withIncremental(Boolean.parseBoolean(o.string("incremental", Boolean.toString(d.incremental()))))
                .withCrossView(Float.parseFloat(o.string("cross-view", Float.toString(d.crossView()))))
                .withDistillation(Float.parseFloat(o.string("distill", Float.toString(d.distillWeight()))), d.distillFraction())
                .withAxialTeacher(Float.parseFloat(o.string("axial-teacher", Float.toString(d.axialTeacher()))));
        String[] spacing = o.string("in-plane-spacing", d.inPlaneScale().minSpacing() + "," + d.inPlaneScale().maxSpacing()).split(",");
        options = options.withInPlane(Float.parseFloat(o.string("in-plane", Float.toString(d.inPlaneWeight()))),
                new InPlaneScale(Double.parseDouble(spacing[0]), Double.parseDouble(spacing[spacing.length - 1]),
                        Double.parseDouble(o.string("slab-share", Double.toString(d.inPlaneScale().slabShare())))),
                d.inPlaneFactors());
        int budget = o.integer("budget-seconds", 0);
        if (budget > 0) {
            options = options.withBudget(Duration.ofSeconds(budget));
        }
        String commit = o.string("commit", "unknown");
        o.requireAllKnown();

        TrainingData.Material material = TrainingData.load(request);
        material.refused().forEach(r -> out.println("not used: " + r));
        List<Volume> thick = material.thick();
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("training.command", "java -jar quarkus-run.jar train " + o.describe());
        provenance.put("training.data", String.join("; ", material.thickProvenance()) + " (thick volumes only)");
        if (!material.slices().isEmpty()) {
            provenance.put("training.slices", String.join("; ", material.sliceProvenance()) + " (in-plane pairs only)");
        }
        // What eval checks a study against: a learned method is scored only on data outside this list.
        provenance.put("training.seen", String.join(";", material.seen()));
        provenance.put("training.commit", commit);
        out.println("training on " + thick.size() + " thick volumes and " + material.slices().size() + " lone slices: " + options);
        long t0 = System.nanoTime();
        try (ThreeViewWeights w = ThreeViewTraining.run(thick, material.slices(), ThreeViewArchitecture.defaults(), options, provenance,
                new ProgressPrinter(out, "training"))) {
            w.save(dir);
            out.printf("saved weights %s under %s after %.0f s (%d parameters)%n", w.version(), dir, (System.nanoTime() - t0) / 1e9,
                    w.parameterCount());
        }
        return 0;
    }
}
