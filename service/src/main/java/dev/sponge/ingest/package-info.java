/**
 * Ingest: {@code POST /api/v1/points} for JSON batches and streamed NDJSON, parsing,
 * validation and writing.
 */
package dev.sponge.ingest;
