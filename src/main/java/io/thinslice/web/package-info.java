/**
 * Owns the HTTP side: the admin API over jobs (with the operator's retry and delete) and DICOMweb (STOW-RS in through
 * ingest, QIDO-RS and WADO-RS over the served instances), and who may reach them: OpenID Connect bearer tokens and their
 * roles when an identity provider is configured, 127.0.0.1 only when none is. Depends on the stages, never the reverse; holds no pipeline
 * logic: an operator action is the engine's, the resource only maps its refusal to a status.
 */
package io.thinslice.web;
