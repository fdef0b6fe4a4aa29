/**
 * Observability: metrics at the HTTP, domain and Cassandra layers, the audit trail,
 * request ids and health.
 */
package dev.sponge.observability;
