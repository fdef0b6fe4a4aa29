/**
 * Prometheus remote-write: {@code POST /api/v1/write} for the 1.0 and 2.0 protocols,
 * decoding snappy-compressed protobuf into series points for the shared ingest path.
 */
package dev.sponge.remotewrite;
