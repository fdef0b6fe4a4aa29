package dev.sponge.rollups;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.sponge.cassandra.Binder;
import dev.sponge.cassandra.BatchLimits;
import dev.sponge.cassandra.Batches;
import dev.sponge.cassandra.Cells;
import dev.sponge.cassandra.SpongeCassandraProperties;
import dev.sponge.observability.SpongeMetrics;
import dev.sponge.points.ReadTally;
import dev.sponge.points.TimeBuckets;

/**
 * Reads, writes and deletes the rollup tables with prepared statements. Every query names
 * one partition (tenant, series, day or month); ranges go partition after partition.
 */
@Component
public class RollupStore {

	private static final int ALL_COLUMNS = RollupColumn.mask(RollupColumn.ALL);

	/** Every rollup column, in the order the upserts bind and {@link #partial} reads. */
	private static final String COLUMNS = RollupColumn.select(ALL_COLUMNS);

	private final CqlSession session;

	private final SpongeCassandraProperties cassandra;

	private final SpongeMetrics metrics;

	private final Map<Resolution, PreparedStatement> upserts = new EnumMap<>(Resolution.class);

	private final Map<Resolution, PreparedStatement> deletes = new EnumMap<>(Resolution.class);

	/**
	 * Range reads by resolution and the {@link RollupColumn} mask they select, prepared
	 * when first needed (a few of the 32 column sets are ever used).
	 */
	private final Map<Resolution, AtomicReferenceArray<PreparedStatement>> ranges = new EnumMap<>(Resolution.class);

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
			this.ranges.put(resolution, new AtomicReferenceArray<>(1 << RollupColumn.values().length));
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
	 * fetched {@code pageSize} rows at a time (0: the driver's default). Only the
	 * {@code columns} asked for are read; the others hold neutral values in the summaries
	 * (a sum of 0, an infinite min and max, no first or last), so they never win a merge.
	 */
	public Flux<Partial> read(Resolution resolution, String tenant, String seriesId, long from, long to, int limit,
			int pageSize, Set<RollupColumn> columns) {
		return ReadTally.counted(
				rows(resolution, tenant, seriesId, from, to, limit, pageSize, RollupColumn.mask(columns)),
				this.metrics::rowsScanned);
	}

	private Flux<Partial> rows(Resolution resolution, String tenant, String seriesId, long from, long to, int limit,
			int pageSize, int columns) {
		if (from >= to || limit <= 0) {
			return Flux.empty();
		}
		int firstPartition = resolution.partitionOf(from);
		int lastPartition = resolution.partitionOf(to - 1);
		return range(resolution, columns)
			.flatMapMany((range) -> Flux.range(firstPartition, lastPartition - firstPartition + 1)
				.concatMap(
						(partition) -> Flux.from(this.session.executeReactive(read(range.bind(tenant, seriesId,
								partition, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), limit), pageSize))),
						0))
			.take(limit, true)
			.map((row) -> partial(row, 0, columns));
	}

	/**
	 * The range read selecting {@code columns}, prepared (without blocking) on first use.
	 */
	private Mono<PreparedStatement> range(Resolution resolution, int columns) {
		AtomicReferenceArray<PreparedStatement> prepared = this.ranges.get(resolution);
		PreparedStatement statement = prepared.get(columns);
		if (statement != null) {
			return Mono.just(statement);
		}
		SimpleStatement cql = SimpleStatement
			.newInstance("SELECT " + RollupColumn.select(columns) + " FROM " + resolution.table()
					+ " WHERE tenant = ? AND series_id = ? AND " + resolution.partitionColumn()
					+ " = ? AND ts >= ? AND ts < ? LIMIT ?")
			.setIdempotent(true);
		return Mono.fromCompletionStage(() -> this.session.prepareAsync(cql))
			.doOnNext((ready) -> prepared.set(columns, ready));
	}

	/**
	 * The summary of the {@code from} resolution's rows of one series in
	 * {@code [unit, unit + into)}; empty when there are none.
	 */
	Mono<Partial> summarizeRollups(Resolution from, Resolution into, String tenant, String seriesId, long unit) {
		// Not counted as rows scanned: that metric is about queries, and this is ingest.
		return rows(from, tenant, seriesId, unit, unit + into.millis(), Integer.MAX_VALUE, 0, ALL_COLUMNS)
			.reduce(Partial::merge)
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
					(summaries, row) -> summaries.merge(Cells.text(row, 0), partial(row, 1, ALL_COLUMNS),
							Partial::merge))
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
				? Binder.bind(this.upserts.get(resolution))
					.text(tenant)
					.text(seriesId)
					.int32(partition)
					.millis(unit)
					.bigint(summary.count())
					.float64(summary.sum())
					.float64(summary.min())
					.float64(summary.max())
					.float64(summary.first())
					.millis(summary.firstTs())
					.float64(summary.last())
					.millis(summary.lastTs())
					.int32(ttlSeconds)
					.bigint(writeTimeMicros)
					.build()
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

	/**
	 * The summary in a row's rollup columns from column {@code at} on: {@code ts, count},
	 * then those of the {@code columns} mask in {@link RollupColumn} order.
	 */
	private static Partial partial(Row row, int at, int columns) {
		long start = Cells.millis(row, at);
		long count = Cells.bigint(row, at + 1);
		int next = at + 2;
		double sum = 0;
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		double first = Double.NaN;
		long firstTs = Long.MAX_VALUE;
		double last = Double.NaN;
		long lastTs = Long.MIN_VALUE;
		if ((columns & RollupColumn.SUM.bit()) != 0) {
			sum = Cells.float64(row, next++);
		}
		if ((columns & RollupColumn.MIN.bit()) != 0) {
			min = Cells.float64(row, next++);
		}
		if ((columns & RollupColumn.MAX.bit()) != 0) {
			max = Cells.float64(row, next++);
		}
		if ((columns & RollupColumn.FIRST.bit()) != 0) {
			first = Cells.float64(row, next++);
			firstTs = Cells.millis(row, next++);
		}
		if ((columns & RollupColumn.LAST.bit()) != 0) {
			last = Cells.float64(row, next++);
			lastTs = Cells.millis(row, next);
		}
		return new Partial(start, count, sum, min, max, first, firstTs, last, lastTs);
	}

}
