package dev.sponge.points;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.sponge.cassandra.BatchLimits;

/**
 * How points are written.
 *
 * @param batchMaxRows most rows in one UNLOGGED batch; stays well under Cassandra's batch
 * size warning at this size
 * @param batchMaxPartitions most partitions in one UNLOGGED batch of small partitions
 * that share their replica set (1: a batch per partition); at Cassandra's default
 * {@code unlogged_batch_across_partitions_warn_threshold}, so no batch draws a warning
 * @param writeConcurrency most statements one request has in flight at once
 */
@Validated
@ConfigurationProperties("sponge.points")
public record PointStorageProperties(@DefaultValue("100") @Min(1) @Max(1000) int batchMaxRows,
		@DefaultValue("10") @Min(1) @Max(100) int batchMaxPartitions,
		@DefaultValue("32") @Min(1) @Max(1024) int writeConcurrency) {

	/** The batch limits for rows of many partitions. */
	public BatchLimits batchLimits() {
		return new BatchLimits(this.batchMaxRows, this.batchMaxPartitions);
	}

}
