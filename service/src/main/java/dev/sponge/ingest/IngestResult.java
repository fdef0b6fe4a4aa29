package dev.sponge.ingest;

/**
 * Answer to a successful ingest.
 *
 * @param series distinct series written
 * @param points points accepted (a repeated timestamp counts each time it was sent)
 */
record IngestResult(long series, long points) {
}
