/**
 * Owns the HTTP side: the admin API over jobs and DICOMweb (STOW-RS in through ingest, QIDO-RS and WADO-RS over the
 * served instances). Depends on the stages, never the reverse; holds no pipeline logic.
 */
package io.thinslice.web;
