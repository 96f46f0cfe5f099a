/**
 * Owns the HTTP side: the admin API over jobs. Depends on the stages, never the reverse; holds no pipeline logic.
 */
package io.thinslice.web;
