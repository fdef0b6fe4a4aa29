/**
 * Test support: the real Cassandra node, the real OIDC issuer, Prometheus and BlockHound,
 * shared by the integration tests.
 */
package dev.sponge.support;
