package io.thinslice.cli;

import io.thinslice.derive.DerivedSeriesSettings;
import io.thinslice.series.DerivedFolders;
import io.thinslice.series.SeriesProcessor;
import io.thinslice.synthesis.AdaptingInterpolator;
import io.thinslice.synthesis.GuardedThreeView;
import io.thinslice.synthesis.FusionWeights;
import io.thinslice.synthesis.Interpolator;
import io.thinslice.synthesis.ThreeViewInterpolator;
import io.thinslice.synthesis.ThreeViewSettings;
import io.thinslice.synthesis.Interpolators;
import io.thinslice.volume.SeriesRefusedException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** One series without the node: a folder of DICOM files in, the derived thin-slice series out, as the node would make it. */
final class SynthesizeCommand implements Commands.Command {

    @Override
    public String summary() {
        return "--in DIR --out DIR [--method three-view --factor 4 --weights DIR --adapt-steps " + Interpolators.DEFAULT_ADAPT_STEPS
                + " --guard-margin " + Interpolators.DEFAULT_GUARD_MARGIN_DB
                + " --fusion-weights 0,1,1]  (one series in, its derived series out, as the node makes it)";
    }

    /** The three-view options shared by the commands that run the model. */
    static ThreeViewSettings threeViewSettings(Options o) {
        String weights = o.string("weights", null);
        double[] fusion = java.util.Arrays.stream(o.string("fusion-weights", "0,1,1").split(",")).mapToDouble(Double::parseDouble).toArray();
        if (fusion.length != 3) {
            throw new IllegalArgumentException("--fusion-weights needs 3 values (axial, coronal, sagittal)");
        }
        return new ThreeViewSettings(java.util.Optional.ofNullable(weights).map(Path::of), new FusionWeights(fusion[0], fusion[1], fusion[2]),
                o.integer("adapt-steps", Interpolators.DEFAULT_ADAPT_STEPS),
                Double.parseDouble(o.string("guard-margin", Double.toString(Interpolators.DEFAULT_GUARD_MARGIN_DB))),
                ThreeViewInterpolator.DEFAULT_MAX_BATCH_PIXELS);
    }

    @Override
    public int run(Options o, PrintStream out) throws Exception {
        Path in = o.path("in");
        Path dir = o.path("out");
        String method = o.string("method", "three-view");
        int factor = o.integer("factor", 4);
        ThreeViewSettings settings = threeViewSettings(o);
        o.requireAllKnown();
        Interpolator.requireFactor(factor);
        List<Path> files;
        try (Stream<Path> s = Files.walk(in)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files under " + in);
        }
        Interpolator interpolator = Interpolators.create(method, settings);
        if (interpolator instanceof AdaptingInterpolator adapting) {
            adapting.onProgress(new ProgressPrinter(out, "adapting"));
        }
        if (interpolator instanceof GuardedThreeView guarded) {
            guarded.onProgress(new ProgressPrinter(out, "adapting"));
        }
        // The series is written beside its final folder and moved there whole, as in the node; the staging folder is
        // removed afterwards so the output holds only the series.
        Path staging = dir.resolve(".thinslice-staging");
        SeriesProcessor processor = new SeriesProcessor(interpolator, factor, DerivedSeriesSettings.defaults(), "THINSLICE",
                new DerivedFolders(dir, staging));
        out.printf("synthesising %d files from %s with %s x%d ...%n", files.size(), in, method, factor);
        try {
            SeriesProcessor.Result r = processor.process(files);
            out.printf("wrote %d instances of series %s under %s (%s, synthesis %.1f s)%n", r.instances().size(), r.derivedSeriesUid(),
                    dir.resolve(r.derivedSeriesUid()), r.derivedBy(), r.synthesisMillis() / 1000.0);
            if (!r.synthesis().isEmpty()) {
                out.println("guard: " + new java.util.TreeMap<>(r.synthesis()));
            }
            return 0;
        } catch (SeriesRefusedException e) {
            System.err.println("thinslice synthesize: series refused: " + e.getMessage());
            return 3;
        } finally {
            Files.deleteIfExists(staging);
        }
    }
}
