package dev.sponge.rollups;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
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

import dev.sponge.cassandra.BatchLimits;
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

	private final Map<Resolution, PreparedStatement> rangesOfMany = new EnumMap<>(Resolution.class);

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
			this.rangesOfMany.put(resolution,
					session.prepare(SimpleStatement.newInstance("SELECT series_id, " + COLUMNS + " FROM " + table
							+ " WHERE tenant = ? AND series_id IN ? AND " + partition + " = ? AND ts >= ? AND ts < ?")
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
	 * For each of several series, the summary of the {@code from} resolution's rows in
	 * {@code [unit, unit + into)}; a series without rows is missing from the map. One
	 * read when the unit lies in one partition of {@code from} (an hour in a day), else
	 * one per series.
	 */
	Mono<Map<String, Partial>> summarizeRollupsOf(Resolution from, Resolution into, String tenant,
			List<String> seriesIds, long unit) {
		long end = unit + into.millis();
		if (from.partitionOf(unit) != from.partitionOf(end - 1)) {
			return Flux.fromIterable(seriesIds)
				.concatMap(
						(id) -> summarizeRollups(from, into, tenant, id, unit).map((summary) -> Map.entry(id, summary)))
				.collectMap(Map.Entry::getKey, Map.Entry::getValue);
		}
		BoundStatement select = this.rangesOfMany.get(from)
			.bind(tenant, seriesIds, from.partitionOf(unit), Instant.ofEpochMilli(unit), Instant.ofEpochMilli(end));
		return Flux.from(this.session.executeReactive(read(select, 0)))
			.collect(HashMap<String, Partial>::new,
					(summaries, row) -> summaries.merge(row.getString(0), partial(row, 1), Partial::merge))
			.map((summaries) -> {
				summaries.replaceAll((id, summary) -> summary.at(unit));
				return summaries;
			});
	}

	/**
	 * Writes the rows of many series at once, (or, for {@code null}, deletes) each with
	 * the given write time in microseconds and its series' TTL (0: kept until deleted):
	 * rows of a partition together, small partitions sharing batches by replica set.
	 * @param rows the rows (or {@code null} for a delete) by series, then unit
	 * @param ttlSeconds the TTL by series
	 */
	Mono<Void> writeMany(Resolution resolution, String tenant, Map<String, Map<Long, Partial>> rows,
			long writeTimeMicros, Map<String, Integer> ttlSeconds, BatchLimits limits, int concurrency) {
		List<List<BoundStatement>> partitions = new ArrayList<>();
		rows.forEach((seriesId, units) -> {
			List<BoundStatement> partition = new ArrayList<>();
			int current = Integer.MIN_VALUE;
			for (Map.Entry<Long, Partial> unit : units.entrySet()) {
				int of = resolution.partitionOf(unit.getKey());
				if (of != current && !partition.isEmpty()) {
					partitions.add(partition);
					partition = new ArrayList<>();
				}
				current = of;
				partition.add(row(resolution, tenant, seriesId, unit.getKey(), unit.getValue(), writeTimeMicros,
						ttlSeconds.get(seriesId)));
			}
			if (!partition.isEmpty()) {
				partitions.add(partition);
			}
		});
		return Flux
			.fromIterable(Batches.ofReplicaSets(this.session, partitions, limits, this.cassandra.writeConsistency()))
			.flatMap(this::execute, concurrency)
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
		return partial(row, 0);
	}

	/** The rollup columns of a row, starting at column {@code at}. */
	private static Partial partial(Row row, int at) {
		return new Partial(row.getInstant(at).toEpochMilli(), row.getLong(at + 1), row.getDouble(at + 2),
				row.getDouble(at + 3), row.getDouble(at + 4), row.getDouble(at + 5),
				row.getInstant(at + 6).toEpochMilli(), row.getDouble(at + 7), row.getInstant(at + 8).toEpochMilli());
	}

}
