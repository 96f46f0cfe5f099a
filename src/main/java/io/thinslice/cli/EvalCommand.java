package io.thinslice.cli;

import io.thinslice.eval.EvaluationReport;
import io.thinslice.eval.EvaluationRun;
import io.thinslice.studies.CraniumStudy;
import io.thinslice.studies.NamedStudies;
import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.studies.StudyIdentity;
import io.thinslice.synthesis.Interpolator;
import io.thinslice.synthesis.Interpolators;
import io.thinslice.synthesis.ThreeViewSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Measures synthesis methods against a thin truth (docs/method.md, "Evaluation protocol") and writes
 * {@code <out>/report.md}, {@code results.csv} and {@code images/}. Methods are resolved by name through
 * {@link Interpolators#byName}, so every method the node knows can be evaluated; linear and cubic always are.
 */
final class EvalCommand implements Commands.Command {

    private final java.util.function.BiFunction<String, ThreeViewSettings, Interpolator> resolver;

    EvalCommand() {
        resolver = Interpolators::create;
    }

    EvalCommand(Function<String, Interpolator> resolver) {
        this.resolver = (name, settings) -> resolver.apply(name);
    }

    @Override
    public String summary() {
        return "--out DIR [--study " + String.join(",", NamedStudies.evaluationSet()) + " (or any of: " + String.join(",", NamedStudies.names())
                + ") --allow-training-data false --factors 2,4 (any of 2..8) --modes decimate,slab --methods "
                + String.join(",", Interpolators.names()) + " --file " + CraniumStudy.DEFAULT_FILE
                + " --rows 64 --columns 64 --thin-slices 33 --seed 42 --window -1000,1000 --error-max 200 --show METHOD"
                + " --weights DIR --fusion-weights 0,1,1 --adapt-steps " + Interpolators.DEFAULT_ADAPT_STEPS + " --guard-margin "
                + Interpolators.DEFAULT_GUARD_MARGIN_DB + "]";
    }

    @Override
    public int run(Options o, PrintStream out) throws Exception {
        PhantomSpec small = PhantomSpec.small();
        Path dir = o.path("out");
        List<String> studies = EvalOptions.list(o.string("study", String.join(",", NamedStudies.evaluationSet())));
        boolean allowTrainingData = Boolean.parseBoolean(o.string("allow-training-data", "false"));
        List<Integer> factors = EvalOptions.factors(o.string("factors", "2,4"));
        List<EvaluationRun.Simulation> simulations = EvalOptions.simulations(o.string("modes", "decimate,slab"), factors);
        List<String> methodNames = EvalOptions.list(o.string("methods", String.join(",", Interpolators.names())));
        Path file = Path.of(o.string("file", CraniumStudy.DEFAULT_FILE.toString()));
        PhantomSpec spec = new PhantomSpec(o.integer("rows", small.rows()), o.integer("columns", small.columns()),
                o.integer("thin-slices", small.thinSlices()), small.pixelSpacingMm(), small.thinSpacingMm(),
                o.integer("seed", (int) small.seed()));
        List<Double> window = EvalOptions.list(o.string("window", "-1000,1000")).stream().map(Double::valueOf).toList();
        double errorMax = Double.parseDouble(o.string("error-max", "200"));
        String show = o.string("show", null);
        ThreeViewSettings settings = SynthesizeCommand.threeViewSettings(o);
        String command = "java -jar quarkus-run.jar eval " + o.describe();
        o.requireAllKnown();
        if (window.size() != 2) {
            throw new IllegalArgumentException("--window must be LOW,HIGH in HU");
        }
        for (String study : studies) {
            EvalOptions.requireStudy(study, file);
        }
        List<Interpolator> methods = new ArrayList<>();
        for (String name : methodNames) {
            methods.add(resolver.apply(name, settings));
        }
        EvaluationReport report = new EvaluationReport(window.get(0), window.get(1), errorMax, show);
        EvaluationRun run = new EvaluationRun(methods, simulations, out::println);

        List<String> seen = methods.stream().anyMatch(m -> !m.name().equals("linear") && !m.name().equals("cubic"))
                ? StudyIdentity.parseList(Interpolators.provenance(settings).get("training.seen")) : List.of();
        List<EvaluationRun.Study> volumes = new ArrayList<>();
        List<String> flagged = new ArrayList<>();
        for (String name : studies) {
            NamedStudies.Study study = name.equals("phantom")
                    ? new NamedStudies.Study(name, "phantom:chest-v1:" + spec.seed(), "synthetic chest (PhantomGenerator), "
                            + spec.rows() + "x" + spec.columns() + "x" + spec.thinSlices(), PhantomGenerator.thin(spec))
                    : NamedStudies.load(name, file);
            List<String> overlap = StudyIdentity.overlapping(study.identity(), seen);
            String label = name;
            if (!overlap.isEmpty()) {
                if (!allowTrainingData) {
                    throw new IllegalArgumentException("study '" + name + "' (" + study.identity() + ") overlaps the data the weights were "
                            + "trained on (" + String.join(", ", overlap) + "): a learned method is scored only on data it never saw. "
                            + "Evaluate another study, or give --allow-training-data true to label its rows as training data.");
                }
                label = name + " (TRAINING DATA)";
                flagged.add(label);
            }
            volumes.add(new EvaluationRun.Study(label, study.thin()));
            out.println("study " + label + ": " + study.description() + " [" + study.identity() + "]");
        }
        out.println("methods: " + run.methods().stream().map(m -> m.name() + " v" + m.version()).toList());
        EvaluationRun.Outcome outcome = run.run(volumes);
        List<String> runLines = List.of(
                "command: `" + command + "`",
                EvalOptions.finished(),
                "methods: " + run.methods().stream().map(m -> "`" + m.name() + "` " + m.version())
                        .collect(java.util.stream.Collectors.joining(", ")),
                "held out: the weights' provenance lists what they saw (" + (seen.isEmpty() ? "nothing recorded" : String.join(", ", seen))
                        + "); " + (flagged.isEmpty() ? "no study here overlaps it"
                        : "OVERLAPPING, labelled as training data: " + String.join(", ", flagged)));
        Path written = report.write(outcome, dir, runLines);
        out.println("wrote " + written);
        return outcome.results().stream().anyMatch(EvaluationRun.Result::failed) ? 1 : 0;
    }
}
