/** Runs a real Apache Cassandra node in a forked JVM for tests and local development. */
package dev.sponge.cassandranode;
