package dev.sponge.rollups;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.sponge.cassandra.Batches;
import dev.sponge.cassandra.SpongeCassandraProperties;
import dev.sponge.observability.SpongeMetrics;
import dev.sponge.points.TimeBuckets;

/**
 * Reads, writes and deletes the rollup tables with prepared statements. Every query names
 * one partition (tenant, series, day or month); ranges go partition after partition.
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

	private final Map<Resolution, PreparedStatement> partitionDeletes = new EnumMap<>(Resolution.class);

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
		for (Resolution resolution : Resolution.values()) {
			this.partitionDeletes.put(resolution,
					session.prepare(SimpleStatement
						.newInstance("DELETE FROM " + resolution.table() + " USING TIMESTAMP ? WHERE tenant = ? "
								+ "AND series_id = ? AND " + resolution.partitionColumn() + " = ?")
						.setConsistencyLevel(cassandra.writeConsistency())
						.setIdempotent(true)));
		}
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
		return execute(row(resolution, tenant, seriesId, unit, summary, writeTimeMicros, ttlSeconds)
			.setConsistencyLevel(this.cassandra.writeConsistency()));
	}

	/**
	 * Writes the rows of several units of one partition at once, as
	 * {@link #write(Resolution, String, String, long, Partial, long, int)} does one.
	 */
	Mono<Void> writeAll(Resolution resolution, String tenant, String seriesId, Map<Long, Partial> summaries,
			long writeTimeMicros, int ttlSeconds, int batchMaxRows) {
		List<BoundStatement> rows = new ArrayList<>(summaries.size());
		summaries.forEach((unit, summary) -> rows
			.add(row(resolution, tenant, seriesId, unit, summary, writeTimeMicros, ttlSeconds)));
		return Flux.fromIterable(Batches.ofOnePartition(rows, batchMaxRows, this.cassandra.writeConsistency()))
			.concatMap(this::execute)
			.then();
	}

	private BoundStatement row(Resolution resolution, String tenant, String seriesId, long unit, Partial summary,
			long writeTimeMicros, int ttlSeconds) {
		int partition = resolution.partitionOf(unit);
		return (summary != null)
				? this.upserts.get(resolution)
					.bind(tenant, seriesId, partition, Instant.ofEpochMilli(unit), summary.count(), summary.sum(),
							summary.min(), summary.max(), summary.first(), Instant.ofEpochMilli(summary.firstTs()),
							summary.last(), Instant.ofEpochMilli(summary.lastTs()), ttlSeconds, writeTimeMicros)
				: this.deletes.get(resolution)
					.bind(writeTimeMicros, tenant, seriesId, partition, Instant.ofEpochMilli(unit));
	}

	/**
	 * Deletes the rollup partitions of a series covering {@code days}: {@code rollup_1m}
	 * (one partition per tenant, series and day, like the points) and {@code rollup_1h}
	 * (one per tenant, series and month of those days), as written before
	 * {@code timestamp} (microseconds).
	 */
	public Mono<Void> deleteSeries(String tenant, String seriesId, List<Integer> days, long timestamp,
			int concurrency) {
		Flux<Statement<?>> minutes = Flux.fromIterable(days)
			.map((day) -> this.partitionDeletes.get(Resolution.MINUTE).bind(timestamp, tenant, seriesId, day));
		Flux<Statement<?>> hours = Flux.fromIterable(days)
			.map(TimeBuckets::monthOfDay)
			.distinct()
			.map((month) -> this.partitionDeletes.get(Resolution.HOUR).bind(timestamp, tenant, seriesId, month));
		return Flux.concat(minutes, hours).flatMap(this::execute, concurrency).then();
	}

	private Mono<Void> execute(Statement<?> statement) {
		return Mono.fromCompletionStage(() -> this.session.executeAsync(statement)).then();
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
