package io.thinslice.cli;

import io.thinslice.eval.EvaluationRun;
import io.thinslice.eval.UncertaintyEvaluation;
import io.thinslice.studies.CraniumStudy;
import io.thinslice.studies.NamedStudies;
import io.thinslice.studies.StudyIdentity;
import io.thinslice.synthesis.FusionWeights;
import io.thinslice.synthesis.Interpolators;
import io.thinslice.synthesis.ThreeViewInterpolator;
import io.thinslice.synthesis.ThreeViewSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures, on held-out studies only, whether the cross-view disagreement (the uncertainty series) tracks the model's
 * true error ({@link UncertaintyEvaluation}); writes {@code <out>/report.md} and {@code results.csv}. Two fusions of
 * the same views, unadapted: the node's (0, 1, 1, which is {@code three-view-planes}) and the paper's equal one
 * ({@code three-view-fused}).
 */
final class UncertaintyEvalCommand implements Commands.Command {

    @Override
    public String summary() {
        return "--out DIR [--study " + String.join(",", NamedStudies.evaluationSet()) + " --factors 2,4 --modes decimate,slab --file "
                + CraniumStudy.DEFAULT_FILE + " --weights DIR]  does the uncertainty series track the error? (held out)";
    }

    @Override
    public int run(Options o, PrintStream out) throws Exception {
        Path dir = o.path("out");
        List<String> studies = EvalOptions.list(o.string("study", String.join(",", NamedStudies.evaluationSet())));
        List<EvaluationRun.Simulation> simulations = EvalOptions.simulations(o.string("modes", "decimate,slab"),
                EvalOptions.factors(o.string("factors", "2,4")));
        Path file = Path.of(o.string("file", CraniumStudy.DEFAULT_FILE.toString()));
        ThreeViewSettings settings = SynthesizeCommand.threeViewSettings(o);
        String command = "java -jar quarkus-run.jar uncertainty-eval " + o.describe();
        o.requireAllKnown();
        ThreeViewInterpolator equal = (ThreeViewInterpolator) Interpolators.create("three-view-fused", settings);
        ThreeViewInterpolator node = new ThreeViewInterpolator(equal.weights(), ThreeViewInterpolator.View.FUSED, FusionWeights.nodeDefault(),
                ThreeViewInterpolator.DEFAULT_MAX_BATCH_PIXELS).named("three-view-planes");
        List<String> seen = StudyIdentity.parseList(Interpolators.provenance(settings).get("training.seen"));
        List<EvaluationRun.Study> volumes = new ArrayList<>();
        for (String name : studies) {
            EvalOptions.requireStudy(name, file);
            NamedStudies.Study study = NamedStudies.load(name, file);
            List<String> overlap = StudyIdentity.overlapping(study.identity(), seen);
            if (!overlap.isEmpty()) {
                throw new IllegalArgumentException("study '" + name + "' (" + study.identity() + ") overlaps the data the weights were trained on ("
                        + String.join(", ", overlap) + "): the uncertainty is scored on held-out data only");
            }
            volumes.add(new EvaluationRun.Study(name, study.thin()));
            out.println("study " + name + ": " + study.description() + " [" + study.identity() + "]");
        }
        UncertaintyEvaluation evaluation = new UncertaintyEvaluation(List.of(node, equal), simulations, out::println);
        List<UncertaintyEvaluation.Row> rows = evaluation.run(volumes);
        Path written = UncertaintyEvaluation.write(rows, dir, List.of(
                "command: `" + command + "`",
                EvalOptions.finished(),
                "weights: " + equal.version(),
                "held out: the weights' provenance lists what they saw (" + (seen.isEmpty() ? "nothing recorded" : String.join(", ", seen))
                        + "); no study here overlaps it (the command refuses one that does)"));
        out.println("wrote " + written);
        return 0;
    }
}
