/**
 * Runs a real OIDC issuer (mock-oauth2-server) in a forked JVM for tests and local
 * development.
 */
package dev.sponge.oidcissuer;
