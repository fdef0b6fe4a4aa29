/**
 * The Prometheus HTTP query API under {@code /api/prom} ({@code query},
 * {@code query_range}, {@code series}, {@code labels}, {@code label/<name>/values},
 * {@code metadata}, {@code status/buildinfo}), so Grafana's built-in Prometheus data
 * source reads Sponge: PromQL evaluated ({@link dev.sponge.promql}) over the tenant's
 * stored points, within its query limits.
 */
package dev.sponge.promapi;
