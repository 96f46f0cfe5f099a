package io.thinslice.eval;

import io.thinslice.synthesis.SliceSink;
import io.thinslice.synthesis.ThreeViewInterpolator;
import io.thinslice.volume.ThickSimulation;
import io.thinslice.volume.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Does the three-view model's cross-view disagreement (the node's uncertainty series) track its real error? For every
 * study and simulated thick volume, each fusion's output is compared with the thin truth over the synthesised slices
 * only: per voxel, disagreement (SD of the three view predictions, HU) against absolute error of the fused output (HU,
 * both clipped to [−1024, 3072] as the evaluation protocol does), summarised by {@link RankAgreement}.
 */
public final class UncertaintyEvaluation {

    /** One study, simulation and fusion. */
    public record Row(String study, String simulation, String method, RankAgreement.Result agreement, double seconds) {
    }

    private final List<ThreeViewInterpolator> methods;
    private final List<EvaluationRun.Simulation> simulations;
    private final Consumer<String> progress;

    /** @param methods fused three-view interpolators (each is asked for its disagreement) */
    public UncertaintyEvaluation(List<ThreeViewInterpolator> methods, List<EvaluationRun.Simulation> simulations, Consumer<String> progress) {
        if (methods.isEmpty() || simulations.isEmpty()) {
            throw new IllegalArgumentException("need at least one method and one simulation");
        }
        this.methods = methods.stream().map(ThreeViewInterpolator::withDisagreement).toList();
        this.simulations = List.copyOf(simulations);
        this.progress = progress;
    }

    public List<Row> run(List<EvaluationRun.Study> studies) {
        List<Row> rows = new ArrayList<>();
        for (EvaluationRun.Study study : studies) {
            for (EvaluationRun.Simulation sim : simulations) {
                ThickSimulation.Case c = ThickSimulation.simulate(study.thin(), sim.mode(), sim.factor());
                for (ThreeViewInterpolator m : methods) {
                    long t0 = System.nanoTime();
                    RankAgreement.Result r = score(m, c);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    Row row = new Row(study.name(), sim.label(), m.name(), r, seconds);
                    rows.add(row);
                    progress.accept(String.format(Locale.ROOT, "%s %s %s: spearman %.3f, top-5%% MAE %.1f HU vs rest %.1f HU (x%.2f), %.1f s",
                            row.study(), row.simulation(), row.method(), r.spearman(), r.topMeanError(), r.restMeanError(), r.ratio(), seconds));
                }
            }
        }
        return rows;
    }

    /** Disagreement against absolute error over the synthesised slices of one case. */
    static RankAgreement.Result score(ThreeViewInterpolator method, ThickSimulation.Case c) {
        Volume thick = c.thick();
        Volume truth = c.truth();
        int factor = c.factor();
        int size = thick.sliceSize();
        int slices = (thick.slices() - 1) * factor + 1;
        if (truth.slices() != slices) {
            throw new IllegalStateException("truth has " + truth.slices() + " slices, output " + slices);
        }
        int synthesised = slices - thick.slices();
        float[] sd = new float[synthesised * size];
        float[] error = new float[synthesised * size];
        float[] range = range(thick.voxels());
        float[] truthVoxels = truth.voxels();
        try {
            method.interpolateSlab(thick, factor, range[0], range[1], 0, slices, new SliceSink() {
                @Override
                public void accept(int index, float[] hu) {
                    if (index % factor != 0) {
                        int at = slot(index) * size;
                        for (int j = 0; j < size; j++) {
                            error[at + j] = Math.abs(clip(hu[j]) - clip(truthVoxels[index * size + j]));
                        }
                    }
                }

                @Override
                public void acceptDisagreement(int index, float[] sdHu) {
                    if (index % factor != 0) {
                        System.arraycopy(sdHu, 0, sd, slot(index) * size, size);
                    }
                }

                private int slot(int index) {
                    return index - index / factor - 1;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an array sink does no I/O
        }
        return RankAgreement.of(sd, error);
    }

    private static float clip(float hu) {
        return Math.max(-1024f, Math.min(3072f, hu));
    }

    private static float[] range(float[] v) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return new float[] {min, max};
    }

    /** Writes {@code report.md} and {@code results.csv} under {@code dir}; returns the report. */
    public static Path write(List<Row> rows, Path dir, List<String> runLines) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("study,simulation,method,voxels,spearman,top5_mae_hu,rest_mae_hu,ratio,mean_sd_hu,seconds\n");
        for (Row r : rows) {
            RankAgreement.Result a = r.agreement();
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%.4f,%.3f,%.3f,%.3f,%.3f,%.2f%n", r.study(), r.simulation(), r.method(),
                    a.voxels(), a.spearman(), a.topMeanError(), a.restMeanError(), a.ratio(), a.meanUncertainty(), r.seconds()));
        }
        Files.writeString(dir.resolve("results.csv"), csv, StandardCharsets.UTF_8);
        StringBuilder md = new StringBuilder("# ThinSlice uncertainty evaluation: does cross-view disagreement track the error?\n\nRun:\n\n");
        runLines.forEach(l -> md.append("- ").append(l).append('\n'));
        md.append("""

                Protocol: each study's thin volume is made thick (docs/method.md, "Evaluation protocol": *decimate* keeps every
                s-th slice, *slab* averages s thin spacings); the method synthesises it back; over the **synthesised slices only**,
                per voxel, the disagreement is the population SD of the axial, coronal and sagittal predictions in HU (at x4 a
                level-2 slice's own SD combined in quadrature with half its neighbours' level-1 SD, as the node computes it), the
                error is |output − truth| in HU (both clipped to [−1024, 3072]). *Spearman*: rank correlation of disagreement and
                error (ties share their mean rank). *Top 5 %*: mean error of the 5 % most-uncertain voxels; *rest*: of the other
                95 %; *ratio* = top / rest. Methods: `three-view-planes` is the node's fusion (0, 1, 1: coronal and sagittal
                only), `three-view-fused` the paper's equal fusion; the disagreement is the same for both (all three views), only
                the output whose error is measured differs. The weights are the shipped ones, not adapted per series (the node's
                model branch adapts them first: not measured here).

                """);
        md.append("## Summary (mean over studies)\n\n| simulation | method | Spearman | top-5 % MAE, HU | rest MAE, HU | ratio |\n|---|---|---:|---:|---:|---:|\n");
        List<String> keys = rows.stream().map(r -> r.simulation() + "\u0000" + r.method()).distinct().toList();
        for (String k : keys) {
            List<Row> group = rows.stream().filter(r -> (r.simulation() + "\u0000" + r.method()).equals(k)).toList();
            md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.1f | %.1f | %.2f |%n", group.get(0).simulation(), group.get(0).method(),
                    mean(group, a -> a.spearman()), mean(group, a -> a.topMeanError()), mean(group, a -> a.restMeanError()),
                    mean(group, a -> a.ratio())));
        }
        md.append("\n## Per study\n\n| study | simulation | method | voxels | Spearman | top-5 % MAE, HU | rest MAE, HU | ratio | mean SD, HU |\n"
                + "|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            RankAgreement.Result a = r.agreement();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.3f | %.1f | %.1f | %.2f | %.1f |%n", r.study(), r.simulation(), r.method(),
                    a.voxels(), a.spearman(), a.topMeanError(), a.restMeanError(), a.ratio(), a.meanUncertainty()));
        }
        Path report = dir.resolve("report.md");
        Files.writeString(report, md, StandardCharsets.UTF_8);
        return report;
    }

    private static double mean(List<Row> rows, java.util.function.ToDoubleFunction<RankAgreement.Result> f) {
        return rows.stream().mapToDouble(r -> f.applyAsDouble(r.agreement())).average().orElse(Double.NaN);
    }
}
