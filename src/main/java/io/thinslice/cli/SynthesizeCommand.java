package io.thinslice.cli;

import io.thinslice.derive.DerivedSeriesSettings;
import io.thinslice.series.SeriesProcessor;
import io.thinslice.synthesis.Interpolator;
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
        return "--in DIR --out DIR [--method cubic --factor 4]  (one series in, its derived series out)";
    }

    @Override
    public int run(Options o, PrintStream out) throws Exception {
        Path in = o.path("in");
        Path dir = o.path("out");
        String method = o.string("method", "cubic");
        int factor = o.integer("factor", 4);
        o.requireAllKnown();
        Interpolator.requireFactor(factor);
        List<Path> files;
        try (Stream<Path> s = Files.walk(in)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files under " + in);
        }
        Interpolator interpolator = Interpolators.byName(method);
        SeriesProcessor processor = new SeriesProcessor(interpolator, factor, DerivedSeriesSettings.defaults(), "THINSLICE", dir);
        out.printf("synthesising %d files from %s with %s x%d ...%n", files.size(), in, method, factor);
        try {
            SeriesProcessor.Result r = processor.process(files);
            out.printf("wrote %d instances of series %s under %s (synthesis %.1f s)%n", r.instances().size(), r.derivedSeriesUid(),
                    dir.resolve(r.derivedSeriesUid()), r.synthesisMillis() / 1000.0);
            return 0;
        } catch (SeriesRefusedException e) {
            System.err.println("thinslice synthesize: series refused: " + e.getMessage());
            return 3;
        }
    }
}
