package io.thinslice.synthesis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The interpolators the node offers, by configuration name: {@code linear}, {@code cubic}, {@code three-view} (the
 * node's default: adapted per series and guarded, {@link GuardedThreeView}), and for evaluation
 * {@code three-view-fused} (the weights as they are, the paper's equal fusion), {@code three-view+adapt} (the node's
 * fusion after adaptation, no guard) and the single views {@code three-view-axial|coronal|sagittal|planes}.
 */
public final class Interpolators {

    /** Adaptation steps per series of {@code three-view} and {@code three-view+adapt}; the node's default (SynthesisConfig). */
    public static final int DEFAULT_ADAPT_STEPS = 250;
    /** The guard's margin over the better classical method, dB; the node's default (SynthesisConfig). */
    public static final double DEFAULT_GUARD_MARGIN_DB = 0.1;

    /** Loaded weights, shared by every interpolator that names the same folder (or the shipped ones). */
    private static final Map<Optional<Path>, ThreeViewWeights> LOADED = new ConcurrentHashMap<>();

    private Interpolators() {
    }

    public static List<String> names() {
        return List.of("linear", "cubic", "three-view", "three-view-fused", "three-view+adapt", "three-view-axial", "three-view-coronal",
                "three-view-sagittal", "three-view-planes");
    }

    public static Interpolator byName(String name) {
        return create(name, ThreeViewSettings.defaults());
    }

    /**
     * @throws IllegalArgumentException for an unknown name
     * @throws UncheckedIOException     when the three-view weights cannot be loaded
     */
    public static Interpolator create(String name, ThreeViewSettings settings) {
        return switch (name) {
            case "linear" -> new LinearInterpolator();
            case "cubic" -> new CubicInterpolator();
            case "three-view" -> new GuardedThreeView(threeView(settings, ThreeViewInterpolator.View.FUSED),
                    SeriesAdaptation.defaults(settings.adaptSteps()), settings.guardMarginDb());
            // The paper's fusion, as trained, for comparison: equal weights whatever the node's fusion is.
            case "three-view-fused" -> new ThreeViewInterpolator(weights(settings), ThreeViewInterpolator.View.FUSED, FusionWeights.equal(),
                    settings.maxBatchPixels()).named("three-view-fused");
            case "three-view+adapt" -> new AdaptingInterpolator(threeView(settings, ThreeViewInterpolator.View.FUSED),
                    SeriesAdaptation.defaults(settings.adaptSteps()));
            case "three-view-axial" -> threeView(settings, ThreeViewInterpolator.View.AXIAL);
            case "three-view-coronal" -> threeView(settings, ThreeViewInterpolator.View.CORONAL);
            case "three-view-sagittal" -> threeView(settings, ThreeViewInterpolator.View.SAGITTAL);
            case "three-view-planes" -> threeView(settings, ThreeViewInterpolator.View.PLANES);
            default -> throw new IllegalArgumentException("unknown synthesis method '" + name + "'; known: " + names());
        };
    }

    /** The metadata (provenance) of the weights {@code settings} name, e.g. {@code training.seen}. */
    public static Map<String, String> provenance(ThreeViewSettings settings) {
        return weights(settings).metadata();
    }

    private static ThreeViewInterpolator threeView(ThreeViewSettings settings, ThreeViewInterpolator.View view) {
        return new ThreeViewInterpolator(weights(settings), view, settings.fusion(), settings.maxBatchPixels());
    }

    private static ThreeViewWeights weights(ThreeViewSettings settings) {
        return LOADED.computeIfAbsent(settings.weights(), Interpolators::load);
    }

    private static ThreeViewWeights load(Optional<Path> dir) {
        try {
            return dir.isPresent() ? ThreeViewWeights.load(dir.get()) : ThreeViewWeights.loadDefault();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load three-view weights" + dir.map(d -> " from " + d).orElse("") + ": " + e.getMessage(), e);
        }
    }
}
