package dev.sponge.cassandra;

/**
 * How large a batch of {@link Batches#ofReplicaSets} may grow.
 *
 * @param maxRows most rows in one batch
 * @param maxPartitions most partitions in one batch (1: a batch per partition)
 */
public record BatchLimits(int maxRows, int maxPartitions) {
}
