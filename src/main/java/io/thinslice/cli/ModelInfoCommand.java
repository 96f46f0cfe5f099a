package io.thinslice.cli;

import io.thinslice.synthesis.ComputeRate;
import io.thinslice.synthesis.ThreeViewWeights;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Sizes of the three-view networks, their provenance, and this machine's best matrix-product rate, from which
 * the CPU floor of a synthesis run follows: multiply-adds needed / multiply-adds per second.
 */
final class ModelInfoCommand implements Commands.Command {

    @Override
    public String summary() {
        return "[--weights DIR --rows 512 --columns 512 --slices 60 --factor 4]  (model sizes, provenance, CPU floor for a series)";
    }

    @Override
    public int run(Options o, PrintStream out) throws Exception {
        String dir = o.string("weights", null);
        int rows = o.integer("rows", 512);
        int columns = o.integer("columns", 512);
        int slices = o.integer("slices", 60);
        int factor = o.integer("factor", 4);
        o.requireAllKnown();
        try (ThreeViewWeights w = dir == null ? ThreeViewWeights.loadDefault() : ThreeViewWeights.load(Path.of(dir))) {
            out.printf(Locale.ROOT, "weights: %s (%s)%n", w.version(), dir == null ? "shipped" : dir);
            w.metadata().forEach((k, v) -> {
                if (k.startsWith("training.")) {
                    out.printf(Locale.ROOT, "  %s = %s%n", k, v);
                }
            });
            out.printf(Locale.ROOT, "axial network: %d parameters, %d multiply-adds per synthesised voxel%n", w.axialParameterCount(),
                    w.axialMacsPerOutputVoxel());
            out.printf(Locale.ROOT, "plane network (coronal and sagittal): %d parameters, %d multiply-adds per synthesised voxel and orientation%n",
                    w.planeParameterCount(), w.planeMacsPerOutputVoxel());
            // x2 makes (n-1) new slices; x4 applies x2 again on the 2n-1 slices: 3(n-1) new slices in all.
            long newSlices = factor == 4 ? 3L * (slices - 1) : slices - 1L;
            double voxels = (double) newSlices * rows * columns;
            double rate = ComputeRate.macsPerSecond(1024, 5);
            out.printf(Locale.ROOT, "matrix-product rate: %.1f GMAC/s%n", rate / 1e9);
            out.printf(Locale.ROOT, "floor for %dx%dx%d at x%d (%.0f new voxels through the networks): axial %.1f s, coronal %.1f s, sagittal %.1f s,"
                    + " fused %.1f s%n", columns, rows, slices, factor, voxels, voxels * w.axialMacsPerOutputVoxel() / rate,
                    voxels * w.planeMacsPerOutputVoxel() / rate, voxels * w.planeMacsPerOutputVoxel() / rate,
                    voxels * (w.axialMacsPerOutputVoxel() + 2 * w.planeMacsPerOutputVoxel()) / rate);
        }
        return 0;
    }
}
