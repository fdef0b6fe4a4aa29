package dev.sponge.bench;

import java.time.Instant;
import java.util.List;

import com.datastax.dse.driver.api.core.cql.reactive.ReactiveRow;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The baseline of the queries: the bare driver reading the rows the service reads for the
 * same answer (the {@code latest} partition, the points of a range, the {@code rollup_1m}
 * rows of a day), at the service's read consistency. Each returns how many rows it
 * produced, so the harness can check the answer like the service's.
 */
final class DriverReads {

	private static final long MINUTE = 60_000L;

	private final CqlSession session;

	private final PreparedStatement selectRange;

	private final PreparedStatement selectLatest;

	private final PreparedStatement selectMinutes;

	DriverReads(CqlSession session, String keyspace) {
		this.session = session;
		this.selectRange = prepare("SELECT ts, value FROM " + keyspace
				+ ".points WHERE tenant = ? AND series_id = ? AND day = ? AND ts >= ? AND ts < ?");
		this.selectLatest = prepare(
				"SELECT series_id, tags, ts, value FROM " + keyspace + ".latest WHERE tenant = ? AND metric = ?");
		this.selectMinutes = prepare("SELECT ts, count, sum FROM " + keyspace
				+ ".rollup_1m WHERE tenant = ? AND series_id = ? AND day = ? AND ts >= ? AND ts < ?");
	}

	private PreparedStatement prepare(String cql) {
		return this.session
			.prepare(SimpleStatement.newInstance(cql).setConsistencyLevel(Driver.CONSISTENCY).setIdempotent(true));
	}

	/** The rows a raw range query of one series reads; returns how many there were. */
	Mono<Long> range(String tenant, String seriesId, long from, long to) {
		return rows(this.selectRange, tenant, seriesId, from, to).count();
	}

	/**
	 * The rows of many series over {@code from..to}, {@code concurrency} series at a
	 * time, as a careful client fans out; returns how many rows there were.
	 */
	Mono<Long> ranges(String tenant, List<String> seriesIds, long from, long to, int concurrency) {
		return Flux.fromIterable(seriesIds)
			.flatMap((seriesId) -> range(tenant, seriesId, from, to), concurrency)
			.reduce(0L, Long::sum);
	}

	/** The latest-value rows of one metric of a tenant (one partition). */
	Mono<Long> latest(String tenant, String metric) {
		return Flux.from(this.session.executeReactive(this.selectLatest.bind(tenant, metric))).count();
	}

	/**
	 * A one-minute average from the raw points over {@code from..to}, averaged per minute
	 * on the client; returns the number of minute rows.
	 */
	Mono<Long> minuteAveragesFromPoints(String tenant, String seriesId, long from, long to) {
		return rows(this.selectRange, tenant, seriesId, from, to)
			.reduce(new double[2 * (int) ((to - from + MINUTE - 1) / MINUTE)], (sums, row) -> {
				int minute = (int) ((row.getInstant(0).toEpochMilli() - from) / MINUTE);
				sums[2 * minute] += row.getDouble(1);
				sums[2 * minute + 1]++;
				return sums;
			})
			.map((sums) -> {
				long rows = 0;
				for (int minute = 0; minute < sums.length / 2; minute++) {
					if (sums[2 * minute + 1] > 0) {
						sums[2 * minute] /= sums[2 * minute + 1];
						rows++;
					}
				}
				return rows;
			});
	}

	/**
	 * A one-minute average from the {@code rollup_1m} rows over {@code from..to}, as the
	 * service answers it while the rollups are current: {@code sum / count} per row;
	 * returns the number of minute rows.
	 */
	Mono<Long> minuteAveragesFromRollups(String tenant, String seriesId, long from, long to) {
		return rows(this.selectMinutes, tenant, seriesId, from, to)
			.map((row) -> row.getDouble(2) / Math.max(1, row.getLong(1)))
			.count();
	}

	/**
	 * What the {@code rollup_1m} rows over {@code from..to} cover:
	 * {@code [rows, points]}, points being the sum of their counts.
	 */
	Mono<long[]> rollupCoverage(String tenant, String seriesId, long from, long to) {
		return rows(this.selectMinutes, tenant, seriesId, from, to).reduce(new long[2], (coverage, row) -> {
			coverage[0]++;
			coverage[1] += row.getLong(1);
			return coverage;
		});
	}

	private Flux<ReactiveRow> rows(PreparedStatement statement, String tenant, String seriesId, long from, long to) {
		return Flux.range(Driver.day(from), Driver.day(to - 1) - Driver.day(from) + 1)
			.concatMap((day) -> Flux.from(this.session.executeReactive(
					statement.bind(tenant, seriesId, day, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)))));
	}

}
