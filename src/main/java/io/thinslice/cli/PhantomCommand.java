package io.thinslice.cli;

import io.thinslice.dicom.SourceSeriesSpec;
import io.thinslice.dicom.SourceSeriesWriter;
import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.Volume;
import java.io.PrintStream;
import java.nio.file.Path;

/** Writes a deterministic phantom study: {@code <out>/thick} (what a scanner sends) and {@code <out>/thin} (the truth). */
final class PhantomCommand implements Commands.Command {

    @Override
    public String summary() {
        return "--out DIR [--factor 4 --rows 64 --columns 64 --thin-slices 33 --seed 42 --pixel-representation 0|1 --name phantom]";
    }

    @Override
    public int run(Options o, PrintStream out) throws Exception {
        PhantomSpec small = PhantomSpec.small();
        Path dir = o.path("out");
        int factor = o.integer("factor", 4);
        PhantomSpec spec = new PhantomSpec(o.integer("rows", small.rows()), o.integer("columns", small.columns()),
                o.integer("thin-slices", small.thinSlices()), small.pixelSpacingMm(), small.thinSpacingMm(), o.integer("seed", (int) small.seed()));
        int representation = o.integer("pixel-representation", 0);
        String name = o.string("name", "phantom");
        o.requireAllKnown();
        if (factor < 1 || (spec.thinSlices() - 1) % factor != 0) {
            throw new IllegalArgumentException("--thin-slices minus 1 must be a multiple of --factor");
        }
        Volume thin = PhantomGenerator.thin(spec);
        Volume thick = Decimation.keepEveryNth(thin, factor, 0);
        SourceSeriesSpec series = SourceSeriesSpec.named(name + "/" + spec.seed(), "Phantom^" + name, "Phantom thick " + name, 2, representation);
        SourceSeriesWriter.write(thick, series, dir.resolve("thick"));
        SourceSeriesWriter.write(thin, series.withSeries("Phantom thin truth " + name, 3), dir.resolve("thin"));
        out.printf("wrote %d thick slices (%.3g mm) to %s and %d thin slices (%.3g mm) to %s%n", thick.slices(),
                thick.geometry().sliceSpacing(), dir.resolve("thick"), thin.slices(), thin.geometry().sliceSpacing(), dir.resolve("thin"));
        return 0;
    }
}
