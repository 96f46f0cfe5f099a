/**
 * Test and demo volumes: deterministic synthetic CT phantoms (the chest-like {@link io.thinslice.studies.PhantomGenerator}
 * and the head, chest, abdomen and knee of {@link io.thinslice.studies.BodyPhantomGenerator}, for training and
 * held-out evaluation) and the InVesalius "Cranium" real-CT demo volume ({@link io.thinslice.studies.CraniumStudy}).
 * This package builds plain {@link io.thinslice.volume.Volume}s only; it must not touch DICOM or the network.
 */
package io.thinslice.studies;
