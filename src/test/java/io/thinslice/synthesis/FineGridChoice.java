package io.thinslice.synthesis;

import io.thinslice.eval.Metrics;
import io.thinslice.studies.NamedStudies;
import io.thinslice.volume.ThickSimulation;
import io.thinslice.volume.Volume;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How the networks should reach ×3, ×5, ×6 (bench/README.md): on held-out studies, PSNR over the synthesised slices of
 * the weights as they are (equal fusion) run to the next power of two or the one below and resampled along the normal
 * with a linear or cubic kernel, against linear and cubic at the factor itself. Run by hand:
 * {@code java -cp target/classes:target/test-classes:$(cat cp) io.thinslice.synthesis.FineGridChoice head,chest 3,5,6}.
 */
public final class FineGridChoice {

    public static void main(String[] args) throws Exception {
        ThreeViewWeights weights = ThreeViewWeights.loadDefault();
        ThreeViewInterpolator model = new ThreeViewInterpolator(weights);
        System.out.println("study,mode,factor,linear,cubic,up+linear,up+cubic,down+cubic");
        for (String name : args[0].split(",")) {
            Volume thin = NamedStudies.load(name, Path.of("/nonexistent")).thin();
            for (ThickSimulation.Mode mode : ThickSimulation.Mode.values()) {
                for (String fs : args[1].split(",")) {
                    int f = Integer.parseInt(fs);
                    ThickSimulation.Case c = ThickSimulation.simulate(thin, mode, f);
                    Volume thick = c.thick();
                    float min = Float.POSITIVE_INFINITY;
                    float max = Float.NEGATIVE_INFINITY;
                    for (float v : thick.voxels()) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                    int up = FineGrid.ladder(f);
                    int down = up / 2;
                    Volume fineUp = model.interpolate(thick, up);
                    Volume fineDown = model.interpolate(thick, down);
                    double[] psnr = {
                            score(c, new LinearInterpolator().interpolate(thick, f), f),
                            score(c, new CubicInterpolator().interpolate(thick, f), f),
                            score(c, FineGrid.resample(fineUp, up, thick.geometry(), f, min, max, FineGrid.Kernel.LINEAR), f),
                            score(c, FineGrid.resample(fineUp, up, thick.geometry(), f, min, max, FineGrid.Kernel.CUBIC), f),
                            score(c, FineGrid.resample(fineDown, down, thick.geometry(), f, min, max, FineGrid.Kernel.CUBIC), f)};
                    StringBuilder line = new StringBuilder(name + "," + mode.label() + "," + f);
                    for (double p : psnr) {
                        line.append(String.format(Locale.ROOT, ",%.2f", p));
                    }
                    System.out.println(line);
                }
            }
        }
        weights.close();
    }

    private static double score(ThickSimulation.Case c, Volume out, int f) {
        return Metrics.score(c.truth(), out, f).psnrSynthesised();
    }
}
