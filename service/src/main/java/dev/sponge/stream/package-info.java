/**
 * The live stream for dashboards: an arrival-ordered change log in Cassandra written by
 * ingest, and Server-Sent Events fed from it on whichever instance a reader reaches.
 */
package dev.sponge.stream;
