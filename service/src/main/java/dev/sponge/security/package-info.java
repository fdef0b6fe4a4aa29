/**
 * Security: the OAuth 2.0 resource server, token claims to roles, and the route rules.
 */
package dev.sponge.security;
