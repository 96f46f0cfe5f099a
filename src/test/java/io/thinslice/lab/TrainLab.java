package io.thinslice.lab;

import io.thinslice.synthesis.InPlaneScale;
import io.thinslice.synthesis.ThreeViewArchitecture;
import io.thinslice.synthesis.ThreeViewWeights;
import io.thinslice.synthesis.TrainingOptions;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.Volume;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Lab: TrainLab STEPS OUTDIR DATA FACTORS, DATA e.g. cranial (Cranium slices 54-107) or caudal, comma-separated;
 * FACTORS the decimation factors making thick training volumes. Options -Dtv.lr, tv.warmup, tv.crossView, tv.distill,
 * tv.inPlane, tv.inPlaneMin, tv.inPlaneMax, tv.slab, tv.inPlaneFactors, tv.axialTeacher, tv.incremental, tv.seed.
 */
public final class TrainLab {
    public static void main(String[] args) throws Exception {
        int steps = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        int[] factors = Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
        List<Volume> train = new ArrayList<>();
        for (String name : args[2].split(",")) {
            Volume part = LabData.volume(name);
            for (int f : factors) {
                train.add(Decimation.keepEveryNth(part, f, 0));
            }
        }
        TrainingOptions d = TrainingOptions.defaults();
        TrainingOptions options = d.withSteps(steps).withSeed(Long.getLong("tv.seed", 1))
                .withLearningRate(Float.parseFloat(System.getProperty("tv.lr", Float.toString(d.learningRate()))))
                .withWarmup(Integer.getInteger("tv.warmup", 0))
                .withCrossView(Float.parseFloat(System.getProperty("tv.crossView", "1")))
                .withIncremental(Boolean.getBoolean("tv.incremental"))
                .withDistillation(Float.parseFloat(System.getProperty("tv.distill", Float.toString(d.distillWeight()))), d.distillFraction())
                .withInPlane(Float.parseFloat(System.getProperty("tv.inPlane", Float.toString(d.inPlaneWeight()))),
                        new InPlaneScale(Double.parseDouble(System.getProperty("tv.inPlaneMin", "1.0")),
                                Double.parseDouble(System.getProperty("tv.inPlaneMax", "6.0")),
                                Double.parseDouble(System.getProperty("tv.slab", "0.5"))),
                        Arrays.stream(System.getProperty("tv.inPlaneFactors", "2,4").split(",")).map(Integer::valueOf).toList())
                .withAxialTeacher(Float.parseFloat(System.getProperty("tv.axialTeacher", Float.toString(d.axialTeacher()))));
        System.out.println("options " + options);
        List<Volume> slices = new ArrayList<>();
        if (args.length > 4) {
            for (String f : args[4].split(",")) {
                slices.add(io.thinslice.dicom.TrainingMaterialReader.read(List.of(Path.of(f))).slices().get(0).volume());
            }
        }
        try (ThreeViewWeights w = ThreeViewWeights.initialise(ThreeViewArchitecture.defaults(), options.seed())) {
            int every = Integer.getInteger("tv.saveEvery", 500);
            new io.thinslice.synthesis.ThreeViewTrainer(w, options).onCheckpoint(every, step -> {
                try {
                    w.save(out.resolve("step-" + step));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).train(train, slices, null, s -> {
                if (s.step() % 250 == 0) {
                    System.out.printf(Locale.ROOT, "step %d/%d loss %.5f %ds%n", s.step(), s.steps(), s.loss(), s.elapsed().toSeconds());
                }
            });
            w.putMetadata("training.options", options.toString());
            w.putMetadata("training.data", args[2] + " decimated by " + args[3] + (args.length > 4 ? "; slices " + args[4] : ""));
            w.save(out);
            System.out.println("saved " + out + " " + w.version());
        }
    }
}
