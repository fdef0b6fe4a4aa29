/**
 * Security: the OAuth 2.0 resource server (its JWT decoder follows the issuer's key
 * rotation), token claims to roles and to the tenant claim reader, and the route rules.
 */
package dev.sponge.security;
