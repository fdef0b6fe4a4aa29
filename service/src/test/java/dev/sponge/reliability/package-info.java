/**
 * Fault and overload tests: killed Cassandra nodes, a 3-node cluster, throttling, with
 * exact ledgers of acknowledged points.
 */
package dev.sponge.reliability;
