/**
 * The request id every log line of a request carries, and how it gets into the logging
 * MDC on whatever thread writes the line.
 */
package dev.sponge.logging;
