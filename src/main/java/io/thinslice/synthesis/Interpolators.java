package io.thinslice.synthesis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The interpolators the node offers, by configuration name: {@code linear}, {@code cubic}, {@code three-view}
 * (fused), its single views {@code three-view-axial|coronal|sagittal|planes} (for evaluation), and
 * {@code three-view+adapt} (fused after per-series adaptation).
 */
public final class Interpolators {

    /** The adaptation time of {@code three-view+adapt} when none is set; also the node's default (SynthesisConfig). */
    public static final Duration DEFAULT_ADAPT = Duration.ofSeconds(15);

    /** Loaded weights, shared by every interpolator that names the same folder (or the shipped ones). */
    private static final Map<Optional<Path>, ThreeViewWeights> LOADED = new ConcurrentHashMap<>();

    private Interpolators() {
    }

    public static List<String> names() {
        return List.of("linear", "cubic", "three-view", "three-view-axial", "three-view-coronal", "three-view-sagittal", "three-view-planes",
                "three-view+adapt");
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
            case "three-view" -> adaptIfAsked(threeView(settings, ThreeViewInterpolator.View.FUSED), settings.adapt());
            case "three-view+adapt" -> new AdaptingInterpolator(threeView(settings, ThreeViewInterpolator.View.FUSED),
                    settings.adapt().isZero() ? DEFAULT_ADAPT : settings.adapt());
            case "three-view-axial" -> threeView(settings, ThreeViewInterpolator.View.AXIAL);
            case "three-view-coronal" -> threeView(settings, ThreeViewInterpolator.View.CORONAL);
            case "three-view-sagittal" -> threeView(settings, ThreeViewInterpolator.View.SAGITTAL);
            case "three-view-planes" -> threeView(settings, ThreeViewInterpolator.View.PLANES);
            default -> throw new IllegalArgumentException("unknown synthesis method '" + name + "'; known: " + names());
        };
    }

    private static Interpolator adaptIfAsked(ThreeViewInterpolator interpolator, Duration adapt) {
        return adapt.isZero() ? interpolator : new AdaptingInterpolator(interpolator, adapt);
    }

    private static ThreeViewInterpolator threeView(ThreeViewSettings settings, ThreeViewInterpolator.View view) {
        ThreeViewWeights weights = LOADED.computeIfAbsent(settings.weights(), Interpolators::load);
        return new ThreeViewInterpolator(weights, view, settings.fusion(), settings.maxBatchPixels());
    }

    private static ThreeViewWeights load(Optional<Path> dir) {
        try {
            return dir.isPresent() ? ThreeViewWeights.load(dir.get()) : ThreeViewWeights.loadDefault();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load three-view weights" + dir.map(d -> " from " + d).orElse("") + ": " + e.getMessage(), e);
        }
    }
}
