package io.thinslice.cli;

import io.thinslice.dicom.SourceSeriesSpec;
import io.thinslice.dicom.SourceSeriesWriter;
import io.thinslice.studies.CraniumStudy;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.Volume;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Builds the real-CT demo study from Debian's invesalius-examples: {@code <out>/thin} keeps the 1.5 mm truth,
 * {@code <out>/thick} keeps every factor-th slice (6 mm at x4).
 */
final class CraniumDemoCommand implements Commands.Command {

    @Override
    public String summary() {
        return "--out DIR [--factor 4 --file " + CraniumStudy.DEFAULT_FILE + "]  (apt install invesalius-examples)";
    }

    @Override
    public int run(Options o, PrintStream out) throws Exception {
        Path dir = o.path("out");
        int factor = o.integer("factor", 4);
        Path file = Path.of(o.string("file", CraniumStudy.DEFAULT_FILE.toString()));
        o.requireAllKnown();
        if (factor != 2 && factor != 4) {
            throw new IllegalArgumentException("--factor must be 2 or 4");
        }
        Volume thin = CraniumStudy.read(file);
        // Keep whole steps only, so every thick slice has a thin truth on both sides.
        int usable = (thin.slices() - 1) / factor * factor + 1;
        Volume truth = new Volume(java.util.Arrays.copyOf(thin.voxels(), usable * thin.sliceSize()), usable, thin.rows(), thin.columns(),
                thin.geometry());
        Volume thick = Decimation.keepEveryNth(truth, factor, 0);
        SourceSeriesSpec series = SourceSeriesSpec.named("cranium", "Cranium^Demo", "Cranium thick x" + factor, 2, 1);
        SourceSeriesWriter.write(thick, series, dir.resolve("thick"));
        SourceSeriesWriter.write(truth, series.withSeries("Cranium thin truth", 3), dir.resolve("thin"));
        out.printf("wrote %d thick slices (%.3g mm) and %d thin slices (%.3g mm) under %s%n", thick.slices(),
                thick.geometry().sliceSpacing(), truth.slices(), truth.geometry().sliceSpacing(), dir);
        return 0;
    }
}
