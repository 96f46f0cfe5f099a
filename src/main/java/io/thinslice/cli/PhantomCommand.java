package io.thinslice.cli;

import io.thinslice.dicom.SourceSeriesSpec;
import io.thinslice.dicom.SourceSeriesWriter;
import io.thinslice.studies.BodyPart;
import io.thinslice.studies.BodyPhantomGenerator;
import io.thinslice.studies.BodyPhantomSpec;
import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.studies.ReconstructionKernel;
import io.thinslice.studies.RoutingStudy;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.Volume;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Writes a deterministic phantom study: {@code <out>/thick} (what a scanner sends) and {@code <out>/thin} (the truth).
 * Without {@code --body} it draws the original chest-like {@link PhantomGenerator} phantom, exactly as it always has
 * (the end-to-end tests rely on its bytes); with it, a {@link BodyPhantomGenerator} body part, whose noise, kernel
 * and quantisation can be chosen.
 */
final class PhantomCommand implements Commands.Command {

    @Override
    public String summary() {
        return "--out DIR [--factor 4 --rows 64 --columns 64 --thin-slices 33 --seed 42 --pixel-representation 0|1 --name phantom"
                + " --pixel-spacing MM --thin-spacing 1.25] [--body head|chest|abdomen|knee --noise 10 --kernel soft|standard|sharp"
                + " --grey-levels 0] | --out DIR --study routing [--rows 32 --seed 42]";
    }

    @Override
    public int run(Options o, PrintStream out) throws Exception {
        PhantomSpec small = PhantomSpec.small();
        Path dir = o.path("out");
        String study = o.string("study", null);
        if (study != null) {
            if (!"routing".equals(study)) {
                throw new IllegalArgumentException("--study must be routing, got '" + study + "'");
            }
            return routingStudy(o, dir, out);
        }
        int factor = o.integer("factor", 4);
        int rows = o.integer("rows", small.rows());
        int columns = o.integer("columns", small.columns());
        int thinSlices = o.integer("thin-slices", small.thinSlices());
        long seed = o.integer("seed", (int) small.seed());
        int representation = o.integer("pixel-representation", 0);
        String bodyName = o.string("body", null);
        BodyPart body = bodyName == null ? null : parse(BodyPart.class, "body", bodyName);
        double defaultPixel = body == null ? small.pixelSpacingMm() : body.fieldOfViewMm() / Math.max(rows, columns);
        double pixelSpacing = o.decimal("pixel-spacing", defaultPixel);
        double thinSpacing = o.decimal("thin-spacing", small.thinSpacingMm());
        String name = o.string("name", body == null ? "phantom" : body.name().toLowerCase(Locale.ROOT));
        double noise = o.decimal("noise", BodyPhantomSpec.DEFAULT_NOISE_SIGMA_HU);
        String kernelName = o.string("kernel", null);
        ReconstructionKernel kernel = kernelName == null ? ReconstructionKernel.STANDARD
                : parse(ReconstructionKernel.class, "kernel", kernelName);
        int greyLevels = o.integer("grey-levels", 0);
        boolean bodyOnly = o.string("noise", null) != null || kernelName != null || o.string("grey-levels", null) != null;
        o.requireAllKnown();
        if (body == null && bodyOnly) {
            throw new IllegalArgumentException("--noise, --kernel and --grey-levels need --body (the default phantom has fixed noise)");
        }
        if (factor < 1 || (thinSlices - 1) % factor != 0) {
            throw new IllegalArgumentException("--thin-slices minus 1 must be a multiple of --factor");
        }
        Volume thin;
        String key;
        if (body == null) {
            PhantomSpec spec = new PhantomSpec(rows, columns, thinSlices, pixelSpacing, thinSpacing, seed);
            thin = PhantomGenerator.thin(spec);
            key = name + "/" + spec.seed();
        } else {
            BodyPhantomSpec spec = new BodyPhantomSpec(body, rows, columns, thinSlices, pixelSpacing, thinSpacing, noise, kernel,
                    greyLevels, seed);
            thin = BodyPhantomGenerator.thin(spec);
            // Every parameter in the key: studies that differ in any of them get other UIDs.
            key = name + "/" + spec;
        }
        Volume thick = Decimation.keepEveryNth(thin, factor, 0);
        SourceSeriesSpec series = SourceSeriesSpec.named(key, "Phantom^" + name, "Phantom thick " + name, 2, representation);
        SourceSeriesWriter.write(thick, series, dir.resolve("thick"));
        SourceSeriesWriter.write(thin, series.withSeries("Phantom thin truth " + name, 3), dir.resolve("thin"));
        out.printf("wrote %d thick slices (%.3g mm) to %s and %d thin slices (%.3g mm) to %s%n", thick.slices(),
                thick.geometry().sliceSpacing(), dir.resolve("thick"), thin.slices(), thin.geometry().sliceSpacing(), dir.resolve("thin"));
        return 0;
    }

    /** The series a "send every CT series" rule forwards ({@link RoutingStudy}), each in {@code <out>/<n-kind>}. */
    private static int routingStudy(Options o, Path dir, PrintStream out) throws Exception {
        int size = o.integer("rows", 32);
        long seed = o.integer("seed", 42);
        o.requireAllKnown();
        if (size < 8) {
            throw new IllegalArgumentException("--rows must be at least 8, got " + size);
        }
        SourceSeriesSpec study = SourceSeriesSpec.named("routing/" + size + "/" + seed, "Phantom^Routing", "routing", 1, 0);
        for (RoutingStudy.Series s : RoutingStudy.series(size, seed)) {
            SourceSeriesSpec spec = study.withSeries(s.description(), s.number()).withImageType(s.imageType().toArray(String[]::new))
                    .withReconstruction(s.convolutionKernel(), "Routing phantom");
            SourceSeriesWriter.write(s.volume(), spec, dir.resolve(s.folder()));
            out.printf("wrote %s: %d slice%s, %s, %s%n", dir.resolve(s.folder()), s.volume().slices(), s.volume().slices() == 1 ? "" : "s",
                    String.join("\\", s.imageType()), s.description());
        }
        return 0;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String option, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + option + " must be one of "
                    + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ", got '" + value + "'");
        }
    }
}
