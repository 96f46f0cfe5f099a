package io.thinslice.cli;

import io.thinslice.eval.EvaluationRun;
import io.thinslice.studies.NamedStudies;
import io.thinslice.synthesis.Interpolator;
import io.thinslice.volume.ThickSimulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What the {@code eval} and {@code uncertainty-eval} commands read alike: lists, factors, simulations, studies, the run line. */
final class EvalOptions {

    private EvalOptions() {
    }

    /** A comma-separated option, trimmed, without repeats; empty is refused. */
    static List<String> list(String csv) {
        List<String> out = Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty list '" + csv + "'");
        }
        return out;
    }

    /** {@code --factors}: integers the interpolators take ({@link Interpolator#MIN_FACTOR} to {@link Interpolator#MAX_FACTOR}). */
    static List<Integer> factors(String csv) {
        List<Integer> factors = new ArrayList<>();
        for (String value : list(csv)) {
            int f;
            try {
                f = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--factors must be integers, got '" + value + "'");
            }
            if (f < Interpolator.MIN_FACTOR || f > Interpolator.MAX_FACTOR) {
                throw new IllegalArgumentException("--factors must be integers from " + Interpolator.MIN_FACTOR + " to "
                        + Interpolator.MAX_FACTOR + ", got " + f);
            }
            factors.add(f);
        }
        return factors;
    }

    /** Every {@code --modes} value with every factor, mode by mode. */
    static List<EvaluationRun.Simulation> simulations(String modesCsv, List<Integer> factors) {
        List<EvaluationRun.Simulation> simulations = new ArrayList<>();
        for (ThickSimulation.Mode mode : list(modesCsv).stream().map(ThickSimulation.Mode::byLabel).toList()) {
            for (int f : factors) {
                simulations.add(new EvaluationRun.Simulation(mode, f));
            }
        }
        return simulations;
    }

    /** Refuses an unknown study name, and a cranium study without its file. */
    static void requireStudy(String name, Path craniumFile) {
        if (!NamedStudies.names().contains(name)) {
            throw new IllegalArgumentException("unknown study '" + name + "'; known: " + String.join(", ", NamedStudies.names()));
        }
        if (name.startsWith("cranium") && !Files.isRegularFile(craniumFile)) {
            throw new IllegalArgumentException(craniumFile + " not found (apt install invesalius-examples, give --file, or leave out the "
                    + "cranium studies)");
        }
    }

    /** The report's "finished" line: when, on how many cores, which Java. */
    static String finished() {
        return "finished: " + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ", "
                + Runtime.getRuntime().availableProcessors() + " CPU cores, Java " + Runtime.version().feature();
    }
}
