package dev.sponge.points;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.sponge.cassandra.Binder;
import dev.sponge.cassandra.Cells;
import dev.sponge.cassandra.PartitionGroupCommit;
import dev.sponge.cassandra.Batches;
import dev.sponge.cassandra.SpongeCassandraProperties;
import dev.sponge.observability.SpongeMetrics;

/**
 * Prepared-statement implementation of {@link PointStore}. Rows are grouped per partition
 * (tenant, series, day) into UNLOGGED batches of at most {@code batch-max-rows}, so each
 * batch goes to one replica set as one mutation; statements of a request run with bounded
 * concurrency. The latest rows of a metric are written by group commit
 * ({@link PartitionGroupCommit}).
 */
class PointStoreImpl implements PointStore {

	/** How long the group commit of a metric's latest rows is kept without writes. */
	private static final Duration LATEST_IDLE_EXPIRY = Duration.ofMinutes(10);

	private final CqlSession session;

	private final PointStorageProperties properties;

	private final SpongeCassandraProperties cassandra;

	private final PreparedStatement insertPoint;

	private final PreparedStatement insertLatest;

	private final PreparedStatement selectRange;

	private final PreparedStatement selectLatest;

	private final PreparedStatement selectDayOfMany;

	private final SpongeMetrics metrics;

	private final ProtocolVersion protocolVersion;

	private final PartitionGroupCommit<LatestPartition, BoundStatement> latest;

	PointStoreImpl(CqlSession session, PointStorageProperties properties, SpongeCassandraProperties cassandra,
			SpongeMetrics metrics) {
		this.metrics = metrics;
		this.protocolVersion = session.getContext().getProtocolVersion();
		this.session = session;
		this.properties = properties;
		this.cassandra = cassandra;
		this.latest = new PartitionGroupCommit<>(this::writeLatest, LATEST_IDLE_EXPIRY);
		// Upserts are idempotent, so the driver may retry them and run speculative
		// executions.
		this.insertPoint = session.prepare(SimpleStatement
			.newInstance("INSERT INTO points (tenant, series_id, day, ts, value) VALUES (?, ?, ?, ?, ?) USING TTL ?")
			.setIdempotent(true));
		// The cell write time is the point's own time (in microseconds), so the newest
		// point wins whatever order points arrive in. It carries the points' TTL, so the
		// latest value of a series that stopped writing goes with its points.
		this.insertLatest = session.prepare(
				SimpleStatement
					.newInstance("INSERT INTO latest (tenant, metric, series_id, tags, ts, value) "
							+ "VALUES (?, ?, ?, ?, ?, ?) USING TTL ? AND TIMESTAMP ?")
					.setIdempotent(true));
		this.selectLatest = session.prepare(SimpleStatement
			.newInstance("SELECT series_id, tags, ts, value FROM latest WHERE tenant = ? AND metric = ?")
			.setConsistencyLevel(cassandra.readConsistency())
			.setIdempotent(true));
		this.selectDayOfMany = session.prepare(SimpleStatement
			.newInstance("SELECT series_id, ts, value FROM points WHERE tenant = ? AND series_id IN ? AND day = ? "
					+ "AND ts >= ? AND ts < ?")
			.setConsistencyLevel(cassandra.readConsistency())
			.setIdempotent(true));
		this.selectRange = session.prepare(SimpleStatement
			.newInstance("SELECT ts, value FROM points WHERE tenant = ? AND series_id = ? AND day = ? "
					+ "AND ts >= ? AND ts < ? LIMIT ?")
			.setConsistencyLevel(cassandra.readConsistency())
			.setIdempotent(true));
	}

	@Override
	public Mono<Void> write(String tenant, List<SeriesPoints> series, int ttlSeconds) {
		return Mono.defer(() -> {
			List<List<BoundStatement>> partitions = new ArrayList<>();
			Map<String, List<PartitionGroupCommit.Row<BoundStatement>>> latestByMetric = new LinkedHashMap<>();
			for (SeriesPoints points : series) {
				addPartitions(tenant, points, ttlSeconds, partitions);
				// Written whether or not a newer one is stored: the row's write time is
				// its
				// point's time, so the newest wins in Cassandra (remembering the newest
				// row
				// per series, to skip rows that cannot win, cost more than it saved).
				long newest = points.timestamps()[points.size() - 1];
				latestByMetric.computeIfAbsent(points.key().metric(), (metric) -> new ArrayList<>())
					.add(new PartitionGroupCommit.Row<>(points.id(), newest,
							Binder.bind(this.insertLatest)
								.text(tenant)
								.text(points.key().metric())
								.text(points.id())
								.tags(points.key().tags())
								.millis(newest)
								.float64(points.values()[points.size() - 1])
								.int32(ttlSeconds)
								.bigint(newest * 1000L)
								.build()));
			}
			// Small partitions (a few points of many series) share batches by replica
			// set.
			Mono<Void> points = execute(Batches.ofReplicaSets(this.session, partitions, this.properties.batchLimits(),
					this.cassandra.writeConsistency()));
			List<Mono<Void>> writes = new ArrayList<>(latestByMetric.size() + 1);
			writes.add(points);
			latestByMetric
				.forEach((metric, rows) -> writes.add(this.latest.write(new LatestPartition(tenant, metric), rows)));
			return Mono.when(writes);
		});
	}

	/** Rows of one metric's {@code latest} partition, in batches of one mutation each. */
	private Mono<Void> writeLatest(List<BoundStatement> rows) {
		return execute(Batches.ofOnePartition(rows, Batches.HOT_PARTITION_MAX_ROWS, this.cassandra.writeConsistency()));
	}

	private Mono<Void> execute(List<? extends Statement<?>> statements) {
		return Flux.fromIterable(statements)
			.flatMap((statement) -> Mono.fromCompletionStage(() -> this.session.executeAsync(statement)),
					this.properties.writeConcurrency())
			.then();
	}

	/** The series' points as rows per partition (a day), at most a batch's rows each. */
	private void addPartitions(String tenant, SeriesPoints points, int ttlSeconds,
			List<List<BoundStatement>> partitions) {
		long[] ts = points.timestamps();
		double[] values = points.values();
		int start = 0;
		while (start < ts.length) {
			int day = TimeBuckets.dayOf(ts[start]);
			int end = start;
			while (end < ts.length && end - start < this.properties.batchMaxRows()
					&& TimeBuckets.dayOf(ts[end]) == day) {
				end++;
			}
			partitions.add(partitionRows(tenant, points.id(), day, ts, values, start, end, ttlSeconds));
			start = end;
		}
	}

	/**
	 * The rows of one partition. The values every row repeats (tenant, series, day, TTL)
	 * are encoded once per partition and shared, and the row's own values are encoded
	 * straight from primitives: binding is the service's busiest code at ingest
	 * (docs/performance.md).
	 */
	private List<BoundStatement> partitionRows(String tenant, String seriesId, int day, long[] ts, double[] values,
			int start, int end, int ttlSeconds) {
		this.metrics.batchRows(end - start);
		ByteBuffer tenantBytes = TypeCodecs.TEXT.encode(tenant, this.protocolVersion);
		ByteBuffer seriesBytes = TypeCodecs.TEXT.encode(seriesId, this.protocolVersion);
		ByteBuffer dayBytes = TypeCodecs.INT.encodePrimitive(day, this.protocolVersion);
		ByteBuffer ttlBytes = TypeCodecs.INT.encodePrimitive(ttlSeconds, this.protocolVersion);
		List<BoundStatement> rows = new ArrayList<>(end - start);
		for (int i = start; i < end; i++) {
			rows.add(this.insertPoint.boundStatementBuilder()
				.setBytesUnsafe(0, tenantBytes)
				.setBytesUnsafe(1, seriesBytes)
				.setBytesUnsafe(2, dayBytes)
				.setBytesUnsafe(3, TypeCodecs.BIGINT.encodePrimitive(ts[i], this.protocolVersion))
				.setBytesUnsafe(4, TypeCodecs.DOUBLE.encodePrimitive(values[i], this.protocolVersion))
				.setBytesUnsafe(5, ttlBytes)
				.build());
		}
		return rows;
	}

	@Override
	public Flux<Point> read(String tenant, String seriesId, long from, long to, int limit, int pageSize) {
		if (from >= to || limit <= 0) {
			return Flux.empty();
		}
		int firstDay = TimeBuckets.dayOf(from);
		int lastDay = TimeBuckets.dayOf(to - 1);
		return ReadTally.counted(Flux.range(firstDay, lastDay - firstDay + 1).concatMap((day) -> {
			BoundStatement select = this.selectRange.bind(tenant, seriesId, day, Instant.ofEpochMilli(from),
					Instant.ofEpochMilli(to), limit);
			return Flux.from(this.session.executeReactive((pageSize > 0) ? select.setPageSize(pageSize) : select));
		}, 0).take(limit, true).map((row) -> new Point(Cells.millis(row, 0), Cells.float64(row, 1))),
				this.metrics::rowsScanned);
	}

	@Override
	public Flux<SeriesPoint> readDay(String tenant, List<String> seriesIds, long from, long to, int pageSize) {
		if (from >= to || seriesIds.isEmpty()) {
			return Flux.empty();
		}
		int day = TimeBuckets.dayOf(from);
		if (TimeBuckets.dayOf(to - 1) != day) {
			return Flux.error(new IllegalArgumentException("readDay reads within one day"));
		}
		BoundStatement select = this.selectDayOfMany.bind(tenant, seriesIds, day, Instant.ofEpochMilli(from),
				Instant.ofEpochMilli(to));
		return ReadTally.counted(Flux
			.from(this.session.executeReactive((pageSize > 0) ? select.setPageSize(pageSize) : select))
			.map((row) -> new SeriesPoint(Cells.text(row, 0), new Point(Cells.millis(row, 1), Cells.float64(row, 2)))));
	}

	@Override
	public Flux<LatestRow> latest(String tenant, String metric) {
		return ReadTally.counted(Flux.from(this.session.executeReactive(this.selectLatest.bind(tenant, metric)))
			.map((row) -> new LatestRow(tenant, metric, Cells.text(row, 0), Cells.tags(row, 1),
					Instant.ofEpochMilli(Cells.millis(row, 2)), Cells.float64(row, 3))));
	}

	/** A {@code latest} partition: the newest points of a metric's series. */
	private record LatestPartition(String tenant, String metric) {
	}

}
