/**
 * Test and demo volumes: deterministic synthetic CT phantoms ({@link io.thinslice.studies.PhantomGenerator}) and
 * the InVesalius "Cranium" real-CT demo volume ({@link io.thinslice.studies.CraniumStudy}).
 * This package builds plain {@link io.thinslice.volume.Volume}s only; it must not touch DICOM or the network.
 */
package io.thinslice.studies;
