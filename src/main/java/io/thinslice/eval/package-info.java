/**
 * Owns the evaluation harness: simulated thick volumes, quality metrics, timed runs of any list of
 * {@link io.thinslice.synthesis.Interpolator}s and the Markdown/PNG report. Plain Java on
 * {@link io.thinslice.volume.Volume}s; must not touch DICOM, the network, Quarkus or the node's pipeline.
 */
package io.thinslice.eval;
