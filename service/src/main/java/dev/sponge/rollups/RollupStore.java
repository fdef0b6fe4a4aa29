package dev.sponge.rollups;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.sponge.cassandra.SpongeCassandraProperties;
import dev.sponge.observability.SpongeMetrics;
import dev.sponge.points.TimeBuckets;

/**
 * Reads and writes the rollup tables with prepared statements. Every query names one
 * partition (tenant, series, day or month); ranges go partition after partition.
 */
@Component
public class RollupStore {

	private static final String COLUMNS = "ts, count, sum, min, max, first, first_ts, last, last_ts";

	private final CqlSession session;

	private final SpongeCassandraProperties cassandra;

	private final SpongeMetrics metrics;

	private final Map<Resolution, PreparedStatement> upserts = new EnumMap<>(Resolution.class);

	private final Map<Resolution, PreparedStatement> deletes = new EnumMap<>(Resolution.class);

	private final Map<Resolution, PreparedStatement> ranges = new EnumMap<>(Resolution.class);

	private final PreparedStatement rawRange;

	RollupStore(CqlSession session, SpongeCassandraProperties cassandra, SpongeMetrics metrics) {
		this.session = session;
		this.cassandra = cassandra;
		this.metrics = metrics;
		for (Resolution resolution : Resolution.values()) {
			String table = resolution.table();
			String partition = resolution.partitionColumn();
			// Each row is rewritten whole at the write time its recompute chose, so these
			// are idempotent and the newest recompute wins (docs/data-model.md).
			this.upserts.put(resolution,
					session.prepare(SimpleStatement
						.newInstance("INSERT INTO " + table + " (tenant, series_id, " + partition + ", " + COLUMNS
								+ ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ? AND TIMESTAMP ?")
						.setIdempotent(true)));
			this.deletes.put(resolution, session.prepare(SimpleStatement
				.newInstance("DELETE FROM " + table + " USING TIMESTAMP ? WHERE tenant = ? AND series_id = ? AND "
						+ partition + " = ? AND ts = ?")
				.setIdempotent(true)));
			this.ranges.put(resolution,
					session.prepare(SimpleStatement
						.newInstance("SELECT " + COLUMNS + " FROM " + table + " WHERE tenant = ? AND series_id = ? AND "
								+ partition + " = ? AND ts >= ? AND ts < ? LIMIT ?")
						.setIdempotent(true)));
		}
		this.rawRange = session.prepare(SimpleStatement
			.newInstance("SELECT ts, value FROM points WHERE tenant = ? AND series_id = ? AND day = ? "
					+ "AND ts >= ? AND ts < ?")
			.setIdempotent(true));
	}

	/**
	 * Rows of one series with {@code from <= ts < to}, ascending, at most {@code limit},
	 * fetched {@code pageSize} rows at a time (0: the driver's default).
	 */
	public Flux<Partial> read(Resolution resolution, String tenant, String seriesId, long from, long to, int limit,
			int pageSize) {
		return rows(resolution, tenant, seriesId, from, to, limit, pageSize)
			.doOnNext((row) -> this.metrics.rowsScanned(1));
	}

	private Flux<Partial> rows(Resolution resolution, String tenant, String seriesId, long from, long to, int limit,
			int pageSize) {
		if (from >= to || limit <= 0) {
			return Flux.empty();
		}
		int firstPartition = resolution.partitionOf(from);
		int lastPartition = resolution.partitionOf(to - 1);
		PreparedStatement range = this.ranges.get(resolution);
		return Flux.range(firstPartition, lastPartition - firstPartition + 1)
			.concatMap((partition) -> Flux.from(this.session.executeReactive(read(range.bind(tenant, seriesId,
					partition, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), limit), pageSize))), 0)
			.take(limit, true)
			.map(RollupStore::partial);
	}

	/**
	 * The summary of the raw points of one series in {@code [from, to)}, which must lie
	 * in one day; empty when there are none.
	 */
	Mono<Partial> summarizePoints(String tenant, String seriesId, long from, long to) {
		BoundStatement statement = read(this.rawRange.bind(tenant, seriesId, TimeBuckets.dayOf(from),
				Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)), 0);
		return Flux.from(this.session.executeReactive(statement))
			.map((row) -> Partial.of(row.getInstant(0).toEpochMilli(), row.getDouble(1)))
			.reduce(Partial::merge)
			.map((summary) -> summary.at(from));
	}

	/**
	 * The summary of the {@code from} resolution's rows of one series in
	 * {@code [unit, unit + into)}; empty when there are none.
	 */
	Mono<Partial> summarizeRollups(Resolution from, Resolution into, String tenant, String seriesId, long unit) {
		// Not counted as rows scanned: that metric is about queries, and this is ingest.
		return rows(from, tenant, seriesId, unit, unit + into.millis(), Integer.MAX_VALUE, 0).reduce(Partial::merge)
			.map((summary) -> summary.at(unit));
	}

	/**
	 * Writes (or, for {@code null}, deletes) the row of one unit with the given write
	 * time in microseconds; {@code ttlSeconds} 0 keeps it until deleted.
	 */
	Mono<Void> write(Resolution resolution, String tenant, String seriesId, long unit, Partial summary,
			long writeTimeMicros, int ttlSeconds) {
		int partition = resolution.partitionOf(unit);
		BoundStatement statement = (summary != null)
				? this.upserts.get(resolution)
					.bind(tenant, seriesId, partition, Instant.ofEpochMilli(unit), summary.count(), summary.sum(),
							summary.min(), summary.max(), summary.first(), Instant.ofEpochMilli(summary.firstTs()),
							summary.last(), Instant.ofEpochMilli(summary.lastTs()), ttlSeconds, writeTimeMicros)
				: this.deletes.get(resolution)
					.bind(writeTimeMicros, tenant, seriesId, partition, Instant.ofEpochMilli(unit));
		return Mono
			.fromCompletionStage(
					() -> this.session.executeAsync(statement.setConsistencyLevel(this.cassandra.writeConsistency())))
			.then();
	}

	private BoundStatement read(BoundStatement statement, int pageSize) {
		BoundStatement read = statement.setConsistencyLevel(this.cassandra.readConsistency());
		return (pageSize > 0) ? read.setPageSize(pageSize) : read;
	}

	private static Partial partial(Row row) {
		return new Partial(row.getInstant(0).toEpochMilli(), row.getLong(1), row.getDouble(2), row.getDouble(3),
				row.getDouble(4), row.getDouble(5), row.getInstant(6).toEpochMilli(), row.getDouble(7),
				row.getInstant(8).toEpochMilli());
	}

}
