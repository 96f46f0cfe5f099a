package io.thinslice.synthesis;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** How new slices are made. */
@ConfigMapping(prefix = "thinslice.synthesis")
public interface SynthesisConfig {

    /**
     * Series synthesised at once by this node, each by its own worker holding one series' volumes. More than one
     * needs the memory of as many series (see bench/README.md).
     */
    @WithDefault("1")
    int workers();

    /** Refinement along the slice normal: an integer from 2 to 8, for every series (unless target-spacing is set). */
    @WithDefault("4")
    int factor();

    /**
     * Target slice spacing, mm, instead of a fixed factor: each series gets the integer factor from 2 to 8 that brings
     * its spacing nearest to this without going below it; a series at or below it (or under twice it) is ignored.
     * Unset: {@link #factor()} for every series.
     */
    Optional<Double> targetSpacing();

    /** How each series' factor is chosen, validated. */
    default FactorChoice factors() {
        if (factor() < Interpolator.MIN_FACTOR || factor() > Interpolator.MAX_FACTOR) {
            throw new IllegalArgumentException("thinslice.synthesis.factor must be an integer from " + Interpolator.MIN_FACTOR + " to "
                    + Interpolator.MAX_FACTOR + ", was " + factor());
        }
        // no lambda here: one in an interface compiles to a method that the settings table's test would count
        Optional<Double> target = targetSpacing();
        return target.isPresent() ? FactorChoice.target(target.get(), factor()) : FactorChoice.fixed(factor());
    }

    /** {@code three-view} (the learned model; on Cranium +0.7 dB PSNR over cubic at ×4), {@code cubic} or {@code linear}. */
    @WithDefault("three-view")
    String method();

    /** Folder of three-view weights made by the {@code train} command; empty: the weights shipped in the jar. */
    Optional<String> weights();

    /** Weights of the axial, coronal and sagittal predictions in the fused slice. */
    @WithDefault("0,1,1")
    List<Double> fusionWeights();

    /**
     * Optimiser steps fine-tuning the three-view weights on each incoming series (self-supervised, early-stopped on
     * the series' own in-plane check); 0 turns adaptation off. A step count, not a time, so the same series gives the
     * same pixels on any machine. 250: the most that keeps a 512 × 512 × 60 series at ×4 within the node's 120 s
     * budget on 2 slow cores, with room for the machine's own swings (bench/README.md); a faster machine can afford more.
     */
    @WithDefault("250")
    int adaptSteps();

    /**
     * The guard: the model derives a series only if, on that series' in-plane check at its own target scale, it scores
     * this many dB above the better of linear and cubic interpolation; otherwise that classical method does.
     */
    @WithDefault("0.1")
    double guardMargin();

    /**
     * Pixels that go through a network at once; bounds the memory of synthesis. 65536 by measurement: the narrow
     * networks are memory-bound, and batches whose feature maps stay in cache are faster (bench/README.md).
     */
    @WithDefault("65536")
    long maxBatchPixels();

    /** The three-view settings, validated. */
    default ThreeViewSettings threeView() {
        List<Double> f = fusionWeights();
        if (f.size() != 3) {
            throw new IllegalArgumentException("thinslice.synthesis.fusion-weights needs 3 values (axial, coronal, sagittal), got " + f);
        }
        if (adaptSteps() < 0) {
            throw new IllegalArgumentException("thinslice.synthesis.adapt-steps must be >= 0");
        }
        if (!Double.isFinite(guardMargin())) {
            throw new IllegalArgumentException("thinslice.synthesis.guard-margin must be a number of dB, was " + guardMargin());
        }
        if (maxBatchPixels() < 1) {
            throw new IllegalArgumentException("thinslice.synthesis.max-batch-pixels must be >= 1, was " + maxBatchPixels());
        }
        return new ThreeViewSettings(weights().filter(s -> !s.isBlank()).map(Path::of), new FusionWeights(f.get(0), f.get(1), f.get(2)),
                adaptSteps(), guardMargin(), maxBatchPixels());
    }
}
