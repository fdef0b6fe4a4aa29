package dev.sponge.points;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How points are written.
 *
 * @param batchMaxRows most rows in one UNLOGGED batch; a batch only ever holds rows of
 * one partition, and stays well under Cassandra's batch size warning at this size
 * @param writeConcurrency most statements one request has in flight at once
 * @param latestCacheSize series whose newest written point this instance remembers, to
 * skip latest-value writes that could not win
 */
@Validated
@ConfigurationProperties("sponge.points")
public record PointStorageProperties(@DefaultValue("100") @Min(1) @Max(1000) int batchMaxRows,
		@DefaultValue("32") @Min(1) @Max(1024) int writeConcurrency,
		@DefaultValue("100000") @Min(0) int latestCacheSize) {
}
