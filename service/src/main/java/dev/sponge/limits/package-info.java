/**
 * Per-tenant limits: what one tenant may take of an instance (ingest rate, concurrent
 * ingest requests and queries, live streams, active series), their defaults, an ADMIN's
 * overrides ({@code /api/v1/limits}) and the gates that refuse a tenant over its limit
 * with 429, so one tenant's load never becomes another tenant's outage.
 */
package dev.sponge.limits;
