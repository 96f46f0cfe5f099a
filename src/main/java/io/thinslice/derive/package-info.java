/**
 * Owns the derived thin-slice series: its UIDs, positions, numbering, descriptions and stored pixel values,
 * written instance by instance through a {@link io.thinslice.derive.DerivedInstanceWriter}. Must not send anything.
 */
package io.thinslice.derive;
