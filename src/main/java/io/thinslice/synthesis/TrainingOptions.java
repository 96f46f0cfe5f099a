package io.thinslice.synthesis;

import java.time.Duration;
import java.util.List;

/**
 * How {@link ThreeViewTrainer} trains.
 *
 * @param steps            optimiser steps (training stops at whichever of steps and budget comes first)
 * @param budget           wall-time limit; {@code null} for none (use steps only for reproducible runs)
 * @param patch            in-plane side of the random crops, pixels (rounded down to the unshuffle factor)
 * @param blockSlices      acquired slices per crop (4m + 1 enables the incremental ×4 level; at least 3)
 * @param seed             seeds initialisation order, crops and flips; same seed → same weights on the CPU
 * @param learningRate     Adam's peak rate; cosine decay to a tenth over {@code steps} when steps are finite
 * @param warmupSteps      steps over which the rate rises linearly from a tenth of its peak (0: none); adaptation
 *                         uses it so that Adam's first, poorly scaled steps cannot wreck converged weights
 * @param crossView        weight of the paper's cross-view terms (V' = V[0::2] → V for each view, and the ×4 level
 *                         when incremental); 0 leaves only the other terms
 * @param highFrequency    weight of the in-plane gradient L1 term (per view)
 * @param distillWeight    weight of each mutual-distillation term (axial-coronal, axial-sagittal)
 * @param distillFraction  fraction of voxels with the smallest disagreement kept by distillation, (0, 1]
 * @param incremental      also train ×2 applied on its own ×2 output (×4 level), with consistency at both levels
 * @param inPlaneWeight    weight of the target-scale in-plane term of the plane network ({@link TargetScalePairs}:
 *                         an in-plane axis of acquired slices resampled to the target spacing and degraded to the
 *                         thick spacing and profile; ×4 runs the network twice, as inference does); 0 disables it
 * @param inPlaneScale     spacings and profiles of those pairs
 * @param inPlaneFactors   factors drawn per step for those pairs (2, 4, 8: the networks' ×2 levels)
 * @param axialTeacher     weight of an L1 term pulling the axial prediction on the acquired block (no truth there)
 *                         towards the detached mean of the coronal and sagittal predictions; 0 disables it
 */
public record TrainingOptions(int steps, Duration budget, int patch, int blockSlices, long seed, float learningRate,
                              int warmupSteps, float crossView, float highFrequency, float distillWeight,
                              float distillFraction, boolean incremental, float inPlaneWeight, InPlaneScale inPlaneScale,
                              List<Integer> inPlaneFactors, float axialTeacher) {

    public TrainingOptions {
        inPlaneFactors = List.copyOf(inPlaneFactors);
        if (steps < 1 || patch < 8 || blockSlices < 3 || !(learningRate > 0) || warmupSteps < 0 || !(crossView >= 0)
                || highFrequency < 0 || distillWeight < 0 || !(distillFraction > 0 && distillFraction <= 1)
                || !(inPlaneWeight >= 0) || !(axialTeacher >= 0) || inPlaneFactors.isEmpty()
                || inPlaneFactors.stream().anyMatch(f -> f != 2 && f != 4 && f != 8)) {
            throw new IllegalArgumentException("bad training options " + steps + "/" + patch + "/" + blockSlices + "/"
                    + learningRate + "/" + warmupSteps + "/" + crossView + "/" + highFrequency + "/" + distillWeight + "/"
                    + distillFraction + "/" + inPlaneWeight + "/" + inPlaneFactors + "/" + axialTeacher);
        }
    }

    /**
     * 300 steps, 48-pixel crops of 25 slices (short z extents made the plane net learn border behaviour: -4 dB), seed 1,
     * Adam 2e-4 (1e-3 diverged on Cranium), no warm-up, cross-view 1, HF 0.1, distillation 0.15 on 25 %, target-scale
     * in-plane pairs weight 1 at 1–6 mm target spacing (half slabs) and factors 2 and 4, axial teacher 0.5, no ×4
     * cross-view level (incremental off: 0.1 dB worse at ×4 on Cranium and three times slower per step; lab notebook,
     * round 3).
     */
    public static TrainingOptions defaults() {
        return new TrainingOptions(300, null, 48, 25, 1L, 2e-4f, 0, 1f, 0.1f, 0.15f, 0.25f, false, 1f,
                new InPlaneScale(1.0, 6.0, 0.5), List.of(2, 4), 0.5f);
    }

    public TrainingOptions withSteps(int v) {
        return new TrainingOptions(v, budget, patch, blockSlices, seed, learningRate, warmupSteps, crossView, highFrequency, distillWeight, distillFraction, incremental, inPlaneWeight, inPlaneScale, inPlaneFactors, axialTeacher);
    }

    public TrainingOptions withBudget(Duration v) {
        return new TrainingOptions(steps, v, patch, blockSlices, seed, learningRate, warmupSteps, crossView, highFrequency, distillWeight, distillFraction, incremental, inPlaneWeight, inPlaneScale, inPlaneFactors, axialTeacher);
    }

    public TrainingOptions withPatch(int v) {
        return new TrainingOptions(steps, budget, v, blockSlices, seed, learningRate, warmupSteps, crossView, highFrequency, distillWeight, distillFraction, incremental, inPlaneWeight, inPlaneScale, inPlaneFactors, axialTeacher);
    }

    public TrainingOptions withBlockSlices(int v) {
        return new TrainingOptions(steps, budget, patch, v, seed, learningRate, warmupSteps, crossView, highFrequency, distillWeight, distillFraction, incremental, inPlaneWeight, inPlaneScale, inPlaneFactors, axialTeacher);
    }

    public TrainingOptions withSeed(long v) {
        return new TrainingOptions(steps, budget, patch, blockSlices, v, learningRate, warmupSteps, crossView, highFrequency, distillWeight, distillFraction, incremental, inPlaneWeight, inPlaneScale, inPlaneFactors, axialTeacher);
    }

    public TrainingOptions withLearningRate(float v) {
        return new TrainingOptions(steps, budget, patch, blockSlices, seed, v, warmupSteps, crossView, highFrequency, distillWeight, distillFraction, incremental, inPlaneWeight, inPlaneScale, inPlaneFactors, axialTeacher);
    }

    public TrainingOptions withWarmup(int v) {
        return new TrainingOptions(steps, budget, patch, blockSlices, seed, learningRate, v, crossView, highFrequency, distillWeight, distillFraction, incremental, inPlaneWeight, inPlaneScale, inPlaneFactors, axialTeacher);
    }

    public TrainingOptions withCrossView(float v) {
        return new TrainingOptions(steps, budget, patch, blockSlices, seed, learningRate, warmupSteps, v, highFrequency, distillWeight, distillFraction, incremental, inPlaneWeight, inPlaneScale, inPlaneFactors, axialTeacher);
    }

    public TrainingOptions withDistillation(float weight, float fraction) {
        return new TrainingOptions(steps, budget, patch, blockSlices, seed, learningRate, warmupSteps, crossView, highFrequency, weight, fraction, incremental, inPlaneWeight, inPlaneScale, inPlaneFactors, axialTeacher);
    }

    public TrainingOptions withIncremental(boolean v) {
        return new TrainingOptions(steps, budget, patch, blockSlices, seed, learningRate, warmupSteps, crossView, highFrequency, distillWeight, distillFraction, v, inPlaneWeight, inPlaneScale, inPlaneFactors, axialTeacher);
    }

    /** Target-scale in-plane pairs for the plane network: term weight, spacings and profiles, factors. */
    public TrainingOptions withInPlane(float weight, InPlaneScale scale, List<Integer> factors) {
        return new TrainingOptions(steps, budget, patch, blockSlices, seed, learningRate, warmupSteps, crossView, highFrequency, distillWeight, distillFraction, incremental, weight, scale, factors, axialTeacher);
    }

    /** Weight of the axial-from-planes term on acquired blocks. */
    public TrainingOptions withAxialTeacher(float v) {
        return new TrainingOptions(steps, budget, patch, blockSlices, seed, learningRate, warmupSteps, crossView, highFrequency, distillWeight, distillFraction, incremental, inPlaneWeight, inPlaneScale, inPlaneFactors, v);
    }

    @Override
    public String toString() {
        return "steps=" + steps + " budget=" + budget + " patch=" + patch + " blockSlices=" + blockSlices + " seed=" + seed
                + " lr=" + learningRate + " warmup=" + warmupSteps + " crossView=" + crossView + " hf=" + highFrequency
                + " distill=" + distillWeight + "@" + distillFraction + " incremental=" + incremental
                + " inPlane=" + inPlaneWeight + "@" + inPlaneScale + "x" + inPlaneFactors + " axialTeacher=" + axialTeacher;
    }
}
