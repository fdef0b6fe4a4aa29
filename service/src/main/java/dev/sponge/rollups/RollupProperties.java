package dev.sponge.rollups;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Pre-computed rollups, kept up to date off the acknowledgement path by rollup workers on
 * every instance (docs/data-model.md, "Rollups"; docs/operations.md, "Rollup lag").
 *
 * @param enabled whether ingest marks what it writes for recomputation, workers recompute
 * {@code rollup_1m} and {@code rollup_1h}, and downsampled queries read them; switching
 * it off and on again leaves the rollups of points written meanwhile stale, so only
 * switch it off for good (or rebuild)
 * @param settle how long after a mark was written a worker waits before recomputing its
 * minute, and how long after a minute ends: the points the mark covers must have landed
 * by then, so it must exceed the time one ingest request takes to write (an ingest
 * request that took longer marks its minutes again before it answers), and a quarter of
 * it must exceed the clock skew between instances ({@link MarkedMinutes})
 * @param slot width of one slot of the work queue: a worker takes a slot once it is over
 * (plus {@code grace}), so the rollup of a minute is current at most about
 * {@code settle + slot + grace + poll} after the minute ends or a late point arrives
 * @param grace how long after a slot's end a worker waits before taking it, for writes to
 * the slot still in flight and clock skew between instances
 * @param poll how often a worker looks for slots that fell due
 * @param shards queue partitions per slot; instances share a slot's work by shard
 * @param lease how long a worker's claim on a slot's shard holds before another instance
 * may take the work over (a killed instance's work is redone after this)
 * @param lookback how far back a starting worker looks for slots nobody finished
 * @param concurrency most series a worker recomputes at once in one shard of a slot; it
 * works on up to 8 slots and all their shards at once while catching up
 * @param group most series of one metric recomputed together: they share their marks
 * read, minute and hour row batches and mark clears, and their points are read
 * concurrently
 * @param maxDirtyMinutes most pending minutes a query reads per series; with more, the
 * query reads raw points for the whole range
 */
@Validated
@ConfigurationProperties("sponge.rollups")
public record RollupProperties(@DefaultValue("true") boolean enabled, @DefaultValue("2s") @NotNull Duration settle,
		@DefaultValue("4s") @NotNull Duration slot, @DefaultValue("1s") @NotNull Duration grace,
		@DefaultValue("500ms") @NotNull Duration poll, @DefaultValue("4") @Min(1) @Max(256) int shards,
		@DefaultValue("30s") @NotNull Duration lease, @DefaultValue("30m") @NotNull Duration lookback,
		@DefaultValue("512") @Min(1) @Max(4096) int concurrency, @DefaultValue("64") @Min(1) @Max(256) int group,
		@DefaultValue("10000") @Min(1) int maxDirtyMinutes) {

	public RollupProperties {
		if (slot.toMillis() < 100) {
			throw new IllegalArgumentException("sponge.rollups.slot must be at least 100ms, was " + slot);
		}
		if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("sponge.rollups.lease must be at least 1s, was " + lease);
		}
	}

}
