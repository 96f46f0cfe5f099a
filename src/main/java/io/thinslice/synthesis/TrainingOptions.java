package io.thinslice.synthesis;

import java.time.Duration;

/**
 * How {@link ThreeViewTrainer} trains.
 *
 * @param steps            optimiser steps (training stops at whichever of steps and budget comes first)
 * @param budget           wall-time limit; {@code null} for none (use steps only for reproducible runs)
 * @param patch            in-plane side of the random crops, pixels (rounded down to the unshuffle factor)
 * @param blockSlices      acquired slices per crop (4m + 1 enables the incremental ×4 level; at least 3)
 * @param seed             seeds initialisation order, crops and flips; same seed → same weights on the CPU
 * @param learningRate     Adam's initial rate; cosine decay to a tenth over {@code steps} when steps are finite
 * @param highFrequency    weight of the in-plane gradient L1 term (per view)
 * @param distillWeight    weight of each mutual-distillation term (axial-coronal, axial-sagittal)
 * @param distillFraction  fraction of voxels with the smallest disagreement kept by distillation, (0, 1]
 * @param incremental      also train ×2 applied on its own ×2 output (×4 level), with consistency at both levels
 * @param inPlaneWeight    weight of the in-plane (SMORE-style) term of the plane network: axial slices of the thick
 *                         volumes, one in-plane axis (y, or x by transposing) taken as "z", rows kept every 2d-th
 *                         (d = 1, 2, 3: 1.9–5.7 mm at 0.96 mm pixels) and the rows half-way restored; true
 *                         fine-resolution targets, unlike V' → V. 0 disables it
 * @param inPlaneBlur      Gaussian sigma (pixels) applied along the "z" axis of in-plane pairs before sampling
 *                         (input and target), to look like thin slices of finite thickness; 0 for none
 * @param axialTeacher     weight of an L1 term pulling the axial prediction on the acquired block (no truth there)
 *                         towards the detached mean of the coronal and sagittal predictions; 0 disables it
 */
public record TrainingOptions(int steps, Duration budget, int patch, int blockSlices, long seed, float learningRate,
                              float highFrequency, float distillWeight, float distillFraction, boolean incremental,
                              float inPlaneWeight, float inPlaneBlur, float axialTeacher) {

    public TrainingOptions {
        if (steps < 1 || patch < 8 || blockSlices < 3 || !(learningRate > 0) || highFrequency < 0 || distillWeight < 0
                || !(distillFraction > 0 && distillFraction <= 1) || !(inPlaneWeight >= 0) || !(inPlaneBlur >= 0)
                || !(axialTeacher >= 0)) {
            throw new IllegalArgumentException("bad training options " + steps + "/" + patch + "/" + blockSlices + "/"
                    + learningRate + "/" + highFrequency + "/" + distillWeight + "/" + distillFraction + "/"
                    + inPlaneWeight + "/" + inPlaneBlur + "/" + axialTeacher);
        }
    }

    /** The options without the in-plane and axial-teacher terms (both 0). */
    public TrainingOptions(int steps, Duration budget, int patch, int blockSlices, long seed, float learningRate,
                           float highFrequency, float distillWeight, float distillFraction, boolean incremental) {
        this(steps, budget, patch, blockSlices, seed, learningRate, highFrequency, distillWeight, distillFraction,
                incremental, 0f, 0f, 0f);
    }

    /**
     * 300 steps, 48-pixel crops of 25 slices (short z extents made the plane net learn border behaviour: -4 dB), seed 1,
     * Adam 2e-4 (1e-3 diverged on Cranium), HF 0.1, distillation 0.15 on 25 %, in-plane pairs weight 1 without blur
     * (blur σ 0.6 cost 1.7 dB), axial teacher 0.5, no ×4 training level (incremental off: 0.1 dB worse at ×4 on
     * Cranium and three times slower per step; synthesis README, round 3).
     */
    public static TrainingOptions defaults() {
        return new TrainingOptions(300, null, 48, 25, 1L, 2e-4f, 0.1f, 0.15f, 0.25f, false, 1f, 0f, 0.5f);
    }

    public TrainingOptions withSteps(int v) {
        return new TrainingOptions(v, budget, patch, blockSlices, seed, learningRate, highFrequency, distillWeight, distillFraction, incremental, inPlaneWeight, inPlaneBlur, axialTeacher);
    }

    public TrainingOptions withBudget(Duration v) {
        return new TrainingOptions(steps, v, patch, blockSlices, seed, learningRate, highFrequency, distillWeight, distillFraction, incremental, inPlaneWeight, inPlaneBlur, axialTeacher);
    }

    public TrainingOptions withPatch(int v) {
        return new TrainingOptions(steps, budget, v, blockSlices, seed, learningRate, highFrequency, distillWeight, distillFraction, incremental, inPlaneWeight, inPlaneBlur, axialTeacher);
    }

    public TrainingOptions withBlockSlices(int v) {
        return new TrainingOptions(steps, budget, patch, v, seed, learningRate, highFrequency, distillWeight, distillFraction, incremental, inPlaneWeight, inPlaneBlur, axialTeacher);
    }

    public TrainingOptions withSeed(long v) {
        return new TrainingOptions(steps, budget, patch, blockSlices, v, learningRate, highFrequency, distillWeight, distillFraction, incremental, inPlaneWeight, inPlaneBlur, axialTeacher);
    }

    public TrainingOptions withLearningRate(float v) {
        return new TrainingOptions(steps, budget, patch, blockSlices, seed, v, highFrequency, distillWeight, distillFraction, incremental, inPlaneWeight, inPlaneBlur, axialTeacher);
    }

    public TrainingOptions withDistillation(float weight, float fraction) {
        return new TrainingOptions(steps, budget, patch, blockSlices, seed, learningRate, highFrequency, weight, fraction, incremental, inPlaneWeight, inPlaneBlur, axialTeacher);
    }

    public TrainingOptions withIncremental(boolean v) {
        return new TrainingOptions(steps, budget, patch, blockSlices, seed, learningRate, highFrequency, distillWeight, distillFraction, v, inPlaneWeight, inPlaneBlur, axialTeacher);
    }

    /** In-plane (SMORE-style) pairs for the plane network: term weight and blur sigma along "z", pixels. */
    public TrainingOptions withInPlane(float weight, float blurSigma) {
        return new TrainingOptions(steps, budget, patch, blockSlices, seed, learningRate, highFrequency, distillWeight, distillFraction, incremental, weight, blurSigma, axialTeacher);
    }

    /** Weight of the axial-from-planes term on acquired blocks. */
    public TrainingOptions withAxialTeacher(float v) {
        return new TrainingOptions(steps, budget, patch, blockSlices, seed, learningRate, highFrequency, distillWeight, distillFraction, incremental, inPlaneWeight, inPlaneBlur, v);
    }

    @Override
    public String toString() {
        return "steps=" + steps + " budget=" + budget + " patch=" + patch + " blockSlices=" + blockSlices + " seed=" + seed
                + " lr=" + learningRate + " hf=" + highFrequency + " distill=" + distillWeight + "@" + distillFraction
                + " incremental=" + incremental + " inPlane=" + inPlaneWeight + "@blur" + inPlaneBlur
                + " axialTeacher=" + axialTeacher;
    }
}
