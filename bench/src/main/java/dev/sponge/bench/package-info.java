/**
 * The benchmark harness: starts a Cassandra node, an OIDC issuer, the packaged service
 * and lighttpd, drives them with the bare driver and HTTP clients, and reports the
 * ratios.
 */
package dev.sponge.bench;
