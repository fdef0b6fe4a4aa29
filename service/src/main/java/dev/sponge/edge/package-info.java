/**
 * Edge: how the service trusts the forwarding headers of the lighttpd edge in front of
 * it, and nobody else's.
 */
package dev.sponge.edge;
