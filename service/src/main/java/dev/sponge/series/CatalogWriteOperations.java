package dev.sponge.series;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.sponge.cassandra.BatchLimits;

/**
 * Repository fragment for the catalogue's hot statements (registration, listing a
 * metric's series) and its deletes: prepared statements at the configured consistency.
 * Deletes carry an explicit write time, so they remove what was written before it and
 * nothing written after.
 */
interface CatalogWriteOperations {

	/**
	 * Writes the rows of several series of one metric to that metric's partition, then
	 * the metric row (both by group commit, with other requests' rows of the partition):
	 * a metric row never exists without a series row written before it, which is what
	 * lets a delete drop a metric row safely. Every row gets {@code ttlSeconds} (0: no
	 * TTL), so the metric row expires after the series rows written with it.
	 */
	Mono<Void> registerAll(String tenant, String metric, List<SeriesKey> keys, int ttlSeconds);

	/**
	 * Adds days to series' day indexes, as batches of partitions that share their
	 * replicas, at most {@code concurrency} in flight; {@code ttlSeconds} 0 means no TTL.
	 */
	Mono<Void> recordDays(String tenant, List<SeriesDay> days, int ttlSeconds, BatchLimits limits, int concurrency);

	/**
	 * A day of one series.
	 *
	 * @param seriesId the series
	 * @param day the day (days since the epoch)
	 */
	record SeriesDay(String seriesId, int day) {
	}

	/** The days the series' day index names, ascending. */
	Flux<Integer> days(String tenant, String seriesId);

	/**
	 * Whether the series' day index names a day from {@code fromDay} to {@code toDay}
	 * (inclusive): one read of at most one row.
	 */
	Mono<Boolean> hasDayBetween(String tenant, String seriesId, int fromDay, int toDay);

	/**
	 * Removes the series' day index, then its catalogue row, as written before
	 * {@code timestamp} (microseconds).
	 */
	Mono<Void> unregister(String tenant, String metric, String seriesId, long timestamp);

	/**
	 * Every series of one metric, ascending by id, after {@code afterId} when given; one
	 * partition, read with a prepared statement and streamed page by page.
	 */
	Flux<SeriesRow> seriesOf(String tenant, String metric, String afterId);

	/** Whether the metric has any series left in the catalogue. */
	Mono<Boolean> hasSeries(String tenant, String metric);

	/** Removes the metric row as written before {@code timestamp} (microseconds). */
	Mono<Void> deleteMetric(String tenant, String metric, long timestamp);

}
