/**
 * RFC 9457 problem details: the API's error type and the one place exceptions become
 * responses.
 */
package dev.sponge.problem;
