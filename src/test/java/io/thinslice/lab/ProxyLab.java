package io.thinslice.lab;

import io.thinslice.eval.Metrics;
import io.thinslice.studies.CraniumStudy;
import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.synthesis.Interpolator;
import io.thinslice.synthesis.Interpolators;
import io.thinslice.volume.Geometry;
import io.thinslice.volume.InPlaneResampling;
import io.thinslice.volume.ThickSimulation;
import io.thinslice.volume.Volume;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Lab: does an in-plane proxy at the target scale rank the methods as the thin truth does? */
public final class ProxyLab {

    public static void main(String[] args) throws Exception {
        Volume cranium = CraniumStudy.read(CraniumStudy.DEFAULT_FILE);
        Map<String, Volume> vols = new LinkedHashMap<>();
        vols.put("caudal", crop(cranium, 0, 54));
        vols.put("cranial", crop(cranium, 54, 108));
        vols.put("phantom", PhantomGenerator.thin(PhantomSpec.small()));
        List<String> methods = List.of(args.length > 0 ? args[0].split(",") : new String[] {"linear", "cubic", "three-view-coronal", "three-view-planes", "three-view"});
        for (var e : vols.entrySet()) {
            for (ThickSimulation.Mode mode : ThickSimulation.Mode.values()) {
                for (int f : new int[] {4, 2}) {
                    ThickSimulation.Case c = ThickSimulation.simulate(e.getValue(), mode, f);
                    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s %-8s x%d |", e.getKey(), mode.label(), f));
                    double spacing = c.thick().geometry().sliceSpacing() / f;
                    Volume[] pseudo = {
                        InPlaneResampling.resample(c.thick(), InPlaneResampling.allSlices(c.thick()), InPlaneResampling.Axis.ROWS, spacing),
                        InPlaneResampling.resample(c.thick(), InPlaneResampling.allSlices(c.thick()), InPlaneResampling.Axis.COLUMNS, spacing)};
                    ThickSimulation.Case[] pc = {ThickSimulation.simulate(pseudo[0], mode, f), ThickSimulation.simulate(pseudo[1], mode, f)};
                    for (String m : methods) {
                        Interpolator in = Interpolators.byName(m);
                        double truth = Metrics.psnrSynthesised(c.truth(), in.interpolate(c.thick(), f), f);
                        String proxyName = m.startsWith("three-view") ? "three-view-coronal" : m;
                        Interpolator pin = Interpolators.byName(proxyName);
                        double mse = 0;
                        for (ThickSimulation.Case p : pc) {
                            mse += Math.pow(10, -Metrics.psnrSynthesised(p.truth(), pin.interpolate(p.thick(), f), f) / 10) / 2;
                        }
                        sb.append(String.format(Locale.ROOT, " %s %.2f/%.2f", m.replace("three-view", "tv"), truth, -10 * Math.log10(mse)));
                    }
                    System.out.println(sb);
                }
            }
        }
    }

    static Volume crop(Volume v, int from, int to) {
        Geometry g = v.geometry();
        Geometry moved = new Geometry(g.positionOf(from), g.rowDirection(), g.columnDirection(), g.rowSpacing(), g.columnSpacing(), g.sliceSpacing());
        return new Volume(Arrays.copyOfRange(v.voxels(), from * v.sliceSize(), to * v.sliceSize()), to - from, v.rows(), v.columns(), moved);
    }
}
