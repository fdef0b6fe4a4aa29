/**
 * Runs a real OIDC issuer (mock-oauth2-server) in a forked JVM for tests and local
 * development, with signing-key rotation on request ({@code OidcIssuer.rotateKey},
 * {@code OidcIssuer.retireKey}).
 */
package dev.sponge.oidcissuer;
