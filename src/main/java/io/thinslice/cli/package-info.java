/**
 * Owns the command line of the same jar (test-study generation and demos). Parses arguments and calls the
 * stages; must not start the DICOM listener or hold pipeline logic.
 */
package io.thinslice.cli;
