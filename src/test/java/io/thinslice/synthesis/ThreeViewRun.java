package io.thinslice.synthesis;

import io.thinslice.studies.CraniumStudy;
import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.Volume;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reproducible training + evaluation run (the default weights are made with this).
 *
 * <p>Usage: {@code ThreeViewRun <cranium|phantom> <steps> <patch> <seed> <trainFactors e.g. 4,2> <evalFactors e.g. 4,2>
 * [saveDir] [commit]}. Trains on the thick volumes made by decimating the thin study by each training factor
 * (keep every n-th slice, offset 0; only the thick volumes are seen), then prints PSNR over synthesised slices
 * against the thin study for cubic, linear and each three-view output, at each evaluation factor. Run with
 * {@code -Dai.djl.offline=true}; see PROVENANCE.md of the weights for the exact command.
 */
public final class ThreeViewRun {

    private ThreeViewRun() {
    }

    public static void main(String[] args) throws Exception {
        String study = args[0];
        int steps = Integer.parseInt(args[1]);
        int patch = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        int[] trainFactors = parse(args[4]);
        int[] evalFactors = parse(args[5]);
        Path save = args.length > 6 && !args[6].equals("-") ? Path.of(args[6]) : null;
        String commit = args.length > 7 ? args[7] : "unknown";
        Volume thin = study.equals("cranium") ? CraniumStudy.read(CraniumStudy.DEFAULT_FILE) : PhantomGenerator.thin(PhantomSpec.small());
        List<Volume> train = new ArrayList<>();
        for (int f : trainFactors) {
            train.add(Decimation.keepEveryNth(thin, f, 0));
        }
        TrainingOptions d = TrainingOptions.defaults();
        TrainingOptions options = d.withSteps(steps).withPatch(patch).withSeed(seed)
                .withLearningRate(Float.parseFloat(System.getProperty("tv.lr", Float.toString(d.learningRate()))))
                .withDistillation(Float.parseFloat(System.getProperty("tv.distill", Float.toString(d.distillWeight()))), d.distillFraction())
                .withIncremental(Boolean.parseBoolean(System.getProperty("tv.incremental", Boolean.toString(d.incremental()))))
                .withBlockSlices(Integer.parseInt(System.getProperty("tv.blockSlices", Integer.toString(d.blockSlices()))))
                .withInPlane(Float.parseFloat(System.getProperty("tv.inPlane", Float.toString(d.inPlaneWeight()))), d.inPlaneScale(),
                        d.inPlaneFactors())
                .withAxialTeacher(Float.parseFloat(System.getProperty("tv.axialTeacher", Float.toString(d.axialTeacher()))));
        System.out.println("options " + options);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("training.command", "ThreeViewRun " + String.join(" ", args));
        provenance.put("training.data", study + " thin " + thin.slices() + "x" + thin.rows() + "x" + thin.columns()
                + " decimated (keep every n-th, offset 0) by " + args[4]);
        provenance.put("training.commit", commit);
        long t0 = System.nanoTime();
        try (ThreeViewWeights w = ThreeViewTraining.run(train, ThreeViewArchitecture.defaults(), options, provenance, s -> {
            if (s.step() % Integer.getInteger("tv.every", 25) == 0 || s.step() == 1) {
                System.out.printf(Locale.ROOT, "step %d/%d loss %.5f %ds%n", s.step(), s.steps(), s.loss(), s.elapsed().toSeconds());
            }
        })) {
            System.out.printf(Locale.ROOT, "trained in %.1f s; params axial %d plane %d; MAC/voxel axial %d plane %d; version %s%n",
                    (System.nanoTime() - t0) / 1e9, w.axialParameterCount(), w.planeParameterCount(),
                    w.axialMacsPerOutputVoxel(), w.planeMacsPerOutputVoxel(), w.version());
            for (int f : evalFactors) {
                Volume thick = Decimation.keepEveryNth(thin, f, 0);
                System.out.printf(Locale.ROOT, "x%d cubic %.3f linear %.3f%n", f,
                        SynthesisMetrics.psnrSynthesised(new CubicInterpolator().interpolate(thick, f), thin, f, 0),
                        SynthesisMetrics.psnrSynthesised(new LinearInterpolator().interpolate(thick, f), thin, f, 0));
                ThreeViewInterpolator base = new ThreeViewInterpolator(w);
                for (ThreeViewInterpolator.View v : ThreeViewInterpolator.View.values()) {
                    long t = System.nanoTime();
                    Volume out = base.withView(v).interpolate(thick, f);
                    System.out.printf(Locale.ROOT, "x%d %s %.3f (%.1f s)%n", f, v, SynthesisMetrics.psnrSynthesised(out, thin, f, 0),
                            (System.nanoTime() - t) / 1e9);
                }
            }
            if (save != null) {
                w.save(save);
                System.out.println("saved " + save);
            }
        }
        Duration.ZERO.getClass();
    }

    private static int[] parse(String s) {
        return java.util.Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
