package io.thinslice.synthesis;

import io.thinslice.volume.Volume;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Entry point for a training run (CLI, tests): fresh weights, trained on thick volumes, provenance recorded. */
public final class ThreeViewTraining {

    private ThreeViewTraining() {
    }

    /**
     * Initialises weights with {@code options.seed()}, trains them on {@code thickVolumes} and records the options,
     * steps done and {@code provenance} (e.g. command, data, commit) in the metadata. The caller closes the result.
     */
    public static ThreeViewWeights run(List<Volume> thickVolumes, ThreeViewArchitecture architecture, TrainingOptions options,
                                       Map<String, String> provenance, Consumer<ThreeViewTrainer.Status> progress) {
        return run(thickVolumes, List.of(), architecture, options, provenance, progress);
    }

    /** As above, with lone slices that feed the target-scale in-plane pairs only. */
    public static ThreeViewWeights run(List<Volume> thickVolumes, List<Volume> slices, ThreeViewArchitecture architecture,
                                       TrainingOptions options, Map<String, String> provenance,
                                       Consumer<ThreeViewTrainer.Status> progress) {
        ThreeViewWeights weights = ThreeViewWeights.initialise(architecture, options.seed());
        try {
            long start = System.nanoTime();
            int steps = new ThreeViewTrainer(weights, options).train(thickVolumes, slices, null, progress);
            weights.putMetadata("training.options", options.toString());
            weights.putMetadata("training.steps", Integer.toString(steps));
            weights.putMetadata("training.seconds", Long.toString((System.nanoTime() - start) / 1_000_000_000L));
            weights.putMetadata("training.volumes", Integer.toString(thickVolumes.size()));
            weights.putMetadata("training.slices", Integer.toString(slices.size()));
            provenance.forEach(weights::putMetadata);
            return weights;
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }
}
