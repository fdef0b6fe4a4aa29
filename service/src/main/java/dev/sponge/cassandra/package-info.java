/**
 * Cassandra wiring: the session, keyspace creation and the versioned schema migrations.
 */
package dev.sponge.cassandra;
