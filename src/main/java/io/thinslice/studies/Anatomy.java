package io.thinslice.studies;

import java.util.SplittableRandom;

/**
 * The tissue layout of one body part, fixed once per phantom (its random parts drawn up front), then painted slice
 * by slice. Implementations are immutable after construction, so slices can be painted in parallel.
 */
interface Anatomy {

    /** Paints the slice at height {@code p.z()} (mm from the stack's centre, positive towards the head). */
    void paint(SlicePainter p);

    static Anatomy of(BodyPart part, SplittableRandom random) {
        return switch (part) {
            case HEAD -> new HeadAnatomy(random);
            case CHEST -> new ChestAnatomy(random);
            case ABDOMEN -> new AbdomenAnatomy(random);
            case KNEE -> new KneeAnatomy(random);
        };
    }
}
