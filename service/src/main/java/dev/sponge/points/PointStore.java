package dev.sponge.points;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The hot paths of the points table. */
public interface PointStore {

	/**
	 * Writes the points of every series plus each series' latest value; completes once
	 * every statement is acknowledged at the configured write consistency. Every row gets
	 * {@code ttlSeconds} as its TTL; 0 means none.
	 */
	Mono<Void> write(String tenant, List<SeriesPoints> series, int ttlSeconds);

	/**
	 * Points of one series with {@code from <= ts < to}, ascending, at most
	 * {@code limit}; reads one day partition after another and stops as soon as it has
	 * enough.
	 */
	default Flux<Point> read(String tenant, String seriesId, long from, long to, int limit) {
		return read(tenant, seriesId, from, to, limit, 0);
	}

	/**
	 * As {@link #read(String, String, long, long, int)}, fetching {@code pageSize} rows
	 * per round trip (0: the driver's default), to bound memory when many series are read
	 * at once.
	 */
	Flux<Point> read(String tenant, String seriesId, long from, long to, int limit, int pageSize);

	/**
	 * Points of several series with {@code from <= ts < to}, a range within one UTC day:
	 * one read of their day partitions ({@code series_id IN ...}), series by series, each
	 * ascending, fetched {@code pageSize} rows at a time. For many series with few points
	 * each; a series with many is better read on its own.
	 */
	Flux<SeriesPoint> readDay(String tenant, List<String> seriesIds, long from, long to, int pageSize);

	/**
	 * A point and its series.
	 *
	 * @param seriesId the series
	 * @param point the point
	 */
	record SeriesPoint(String seriesId, Point point) {
	}

	/**
	 * The latest row of every series of one metric: one partition, read with a prepared
	 * statement.
	 */
	Flux<LatestRow> latest(String tenant, String metric);

}
