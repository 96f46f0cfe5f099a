/**
 * Owns CT volumes as plain Java: slice headers, geometry validation, sorting along the slice normal and
 * HU rescaling. Must not touch DICOM libraries, files or the network; pixels come in through {@link io.thinslice.volume.PixelSource}.
 */
package io.thinslice.volume;
