/**
 * The only package that touches PixelMed: DICOM network listener and sender, Part 10 reading and writing.
 * It exposes plain Java records and callbacks; it must not hold pipeline logic or Quarkus state.
 */
package io.thinslice.dicom;
