/**
 * Owns slice synthesis: volume and factor in, thin volume out, behind one {@link io.thinslice.synthesis.Interpolator}.
 * Pure computation on {@link io.thinslice.volume.Volume}; must not touch DICOM, files or the network.
 */
package io.thinslice.synthesis;
