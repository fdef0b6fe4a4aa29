/**
 * Per-tenant settings: retention (the TTL of new writes), the deletion mark that series
 * deletes leave for other instances, the per-instance cache of both, and the retention
 * endpoints.
 */
package dev.sponge.retention;
