package io.thinslice.lab;

import io.thinslice.eval.Metrics;
import io.thinslice.synthesis.CubicInterpolator;
import io.thinslice.synthesis.FusionWeights;
import io.thinslice.synthesis.GuardedThreeView;
import io.thinslice.synthesis.LinearInterpolator;
import io.thinslice.synthesis.SeriesAdaptation;
import io.thinslice.synthesis.SynthesisOutcome;
import io.thinslice.synthesis.ThreeViewInterpolator;
import io.thinslice.synthesis.ThreeViewWeights;
import io.thinslice.volume.ThickSimulation;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Lab: GuardLab WEIGHTS VOLUMES STEPS [LR] : per case the truth PSNR of linear, cubic, fused (weights as they are),
 * the guarded node method, and the guard's check estimates. -Dg.fusion=1,1,1 -Dg.every=25 -Dg.warmup=20 -Dg.margin=0
 */
public final class GuardLab {
    public static void main(String[] args) throws Exception {
        int steps = Integer.parseInt(args[2]);
        float lr = args.length > 3 ? Float.parseFloat(args[3]) : 5e-5f;
        String[] fw = System.getProperty("g.fusion", "1,1,1").split(",");
        FusionWeights fusion = new FusionWeights(Double.parseDouble(fw[0]), Double.parseDouble(fw[1]), Double.parseDouble(fw[2]));
        try (ThreeViewWeights w = args[0].equals("untrained")
                ? ThreeViewWeights.initialise(io.thinslice.synthesis.ThreeViewArchitecture.defaults(), 1)
                : ThreeViewWeights.load(Path.of(args[0]))) {
            ThreeViewInterpolator tv = new ThreeViewInterpolator(w, ThreeViewInterpolator.View.FUSED, fusion, 1 << 16);
            SeriesAdaptation adaptation = new SeriesAdaptation(steps, Integer.getInteger("g.every", 25), lr, Integer.getInteger("g.warmup", 20), 1, Boolean.getBoolean("g.planesOnly"));
            GuardedThreeView guarded = new GuardedThreeView(tv, adaptation, Double.parseDouble(System.getProperty("g.margin", "0")));
            System.out.println("weights " + w.version() + " " + args[0] + " adaptation " + adaptation);
            for (String name : args[1].split(",")) {
                for (ThickSimulation.Mode mode : ThickSimulation.Mode.values()) {
                    for (int f : new int[] {4, 2}) {
                        ThickSimulation.Case c = ThickSimulation.simulate(LabData.volume(name), mode, f);
                        double lin = Metrics.psnrSynthesised(c.truth(), new LinearInterpolator().interpolate(c.thick(), f), f);
                        double cub = Metrics.psnrSynthesised(c.truth(), new CubicInterpolator().interpolate(c.thick(), f), f);
                        double fused = Metrics.psnrSynthesised(c.truth(), tv.interpolate(c.thick(), f), f);
                        double planes = Metrics.psnrSynthesised(c.truth(), tv.withView(ThreeViewInterpolator.View.PLANES).interpolate(c.thick(), f), f);
                        long t0 = System.nanoTime();
                        SynthesisOutcome o = guarded.synthesise(c.thick(), f, mode);
                        double secs = (System.nanoTime() - t0) / 1e9;
                        double g = Metrics.psnrSynthesised(c.truth(), o.volume(), f);
                        double best = Math.max(lin, cub);
                        var d = o.details();
                        System.out.printf(Locale.ROOT, "%-8s %-8s x%d | lin %.2f cub %.2f fused %+.2f planes %+.2f | guard(%s) %+.2f  %.0fs | est lin %s cub %s tv %s adapt %s kept %s | %s%n",
                                name, mode.label(), f, lin, cub, fused - best, planes - best, d.get("choice"), g - best, secs,
                                d.get("estimate.linear"), d.get("estimate.cubic"), d.get("estimate.three-view"),
                                d.get("estimate.three-view+adapt"), d.get("adaptation.keptStep"), d.get("adaptation.trace"));
                    }
                }
            }
        }
    }
}
