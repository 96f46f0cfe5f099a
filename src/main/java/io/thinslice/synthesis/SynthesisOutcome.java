package io.thinslice.synthesis;

import io.thinslice.volume.Volume;
import java.util.Map;

/**
 * What made the new slices of one series, and why.
 *
 * @param volume  the thin volume, or null when the slices went to a {@link SliceSink}
 * @param method  the method whose output it is: its name and version go into the derived UIDs and descriptions, its
 *                {@link Interpolator#sourceSlices} into the references
 * @param note    one line for the Derivation Description on how the method was chosen, or null
 * @param details the choice and its estimates for the job record (name → value), empty when nothing was chosen
 */
public record SynthesisOutcome(Volume volume, Interpolator method, String note, Map<String, String> details) {

    public SynthesisOutcome {
        details = Map.copyOf(details);
    }
}
