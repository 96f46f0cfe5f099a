package io.thinslice.lab;

import io.thinslice.eval.Metrics;
import io.thinslice.synthesis.CubicInterpolator;
import io.thinslice.synthesis.FusionWeights;
import io.thinslice.synthesis.Interpolator;
import io.thinslice.synthesis.LinearInterpolator;
import io.thinslice.synthesis.ThreeViewInterpolator;
import io.thinslice.synthesis.ThreeViewWeights;
import io.thinslice.volume.ThickSimulation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Lab: EvalLab WEIGHTS_DIR VOLUMES(e.g. caudal,phantom7) : PSNR over synthesised slices per case and method. */
public final class EvalLab {
    public static void main(String[] args) throws Exception {
        try (ThreeViewWeights w = ThreeViewWeights.load(Path.of(args[0]))) {
            ThreeViewInterpolator tv = new ThreeViewInterpolator(w, ThreeViewInterpolator.View.FUSED, FusionWeights.equal(), 1 << 16);
            List<Interpolator> methods = new ArrayList<>(List.of(new LinearInterpolator(), new CubicInterpolator()));
            for (ThreeViewInterpolator.View v : ThreeViewInterpolator.View.values()) {
                methods.add(tv.withView(v));
            }
            System.out.println("weights " + w.version() + " " + args[0]);
            for (String name : args[1].split(",")) {
                for (ThickSimulation.Mode mode : ThickSimulation.Mode.values()) {
                    for (int f : new int[] {4, 2}) {
                        ThickSimulation.Case c = ThickSimulation.simulate(LabData.volume(name), mode, f);
                        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s %-8s x%d |", name, mode.label(), f));
                        double best = Double.NEGATIVE_INFINITY;
                        for (Interpolator m : methods) {
                            double p = Metrics.psnrSynthesised(c.truth(), m.interpolate(c.thick(), f), f);
                            if (m instanceof LinearInterpolator || m instanceof CubicInterpolator) {
                                best = Math.max(best, p);
                            }
                            sb.append(String.format(Locale.ROOT, " %s %.2f", m.name().replace("three-view", "tv"), p));
                            if (m.name().equals("three-view")) {
                                sb.append(String.format(Locale.ROOT, " (%+.2f)", p - best));
                            }
                        }
                        System.out.println(sb);
                    }
                }
            }
        }
    }
}
