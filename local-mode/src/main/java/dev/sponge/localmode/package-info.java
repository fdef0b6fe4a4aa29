/**
 * Local mode: starts a Cassandra node, the local OIDC issuer and the service together, in
 * the foreground.
 */
package dev.sponge.localmode;
