package dev.sponge.rollups;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.sponge.cassandra.Binder;
import dev.sponge.cassandra.Cells;
import dev.sponge.cassandra.BatchLimits;
import dev.sponge.cassandra.Batches;
import dev.sponge.cassandra.SpongeCassandraProperties;
import dev.sponge.points.PointStorageProperties;

/**
 * The durable marks behind rollups ({@code rollup_marks} and {@code rollup_queue}):
 * ingest marks the minutes it writes, queries ask which minutes are not current, and
 * workers take the queued series, recompute them and clear the marks. Every statement
 * names its partition; the marks of one request share batches by replica set.
 * <p>
 * Marks of schema version 5 ({@code rollup_dirty}, one partition per metric) are still
 * read and cleared beside them, so marks an instance of the previous version wrote during
 * a rolling upgrade are recomputed; nothing is written there any more
 * (docs/data-model.md, "Rollup marks").
 */
@Component
public class RollupMarks {

	private static final long MINUTE = Resolution.MINUTE.millis();

	private static final long DAY = 86_400_000L;

	private final CqlSession session;

	private final RollupProperties properties;

	private final SpongeCassandraProperties cassandra;

	private final int batchMaxRows;

	private final BatchLimits batchLimits;

	private final int writeConcurrency;

	private final WriteClock clock;

	private final PreparedStatement insertMark;

	private final PreparedStatement insertQueued;

	private final PreparedStatement selectMarkRange;

	private final PreparedStatement selectMarks;

	private final PreparedStatement clearRange;

	private final PreparedStatement deleteSeriesMarks;

	private final PreparedStatement selectLegacyRange;

	private final PreparedStatement selectLegacyOfMany;

	private final PreparedStatement clearLegacyRange;

	private final PreparedStatement deleteSeriesLegacy;

	private final PreparedStatement selectQueued;

	private final QueuedSeries queued;

	private final MarkedMinutes marked;

	RollupMarks(CqlSession session, RollupProperties properties, SpongeCassandraProperties cassandra,
			PointStorageProperties points, Clock clock) {
		this.session = session;
		this.properties = properties;
		this.cassandra = cassandra;
		this.batchMaxRows = points.batchMaxRows();
		this.batchLimits = points.batchLimits();
		this.writeConcurrency = points.writeConcurrency();
		this.clock = new WriteClock(clock);
		this.queued = new QueuedSeries(properties.slot(), clock);
		this.marked = new MarkedMinutes(properties.settle(), clock);
		this.insertMark = prepare("INSERT INTO rollup_marks (tenant, metric, series_id, minute, ttl_seconds) "
				+ "VALUES (?, ?, ?, ?, ?) USING TIMESTAMP ?");
		this.insertQueued = prepare(
				"INSERT INTO rollup_queue (slot, shard, tenant, metric, series_id) VALUES (?, ?, ?, ?, ?)");
		this.selectMarkRange = prepare("SELECT minute FROM rollup_marks WHERE tenant = ? AND metric = ? "
				+ "AND series_id = ? AND minute >= ? AND minute < ? LIMIT ?");
		this.selectMarks = prepare("SELECT series_id, minute, ttl_seconds, WRITETIME(ttl_seconds) FROM rollup_marks "
				+ "WHERE tenant = ? AND metric = ? AND series_id IN ? LIMIT ?");
		this.clearRange = prepare("DELETE FROM rollup_marks USING TIMESTAMP ? WHERE tenant = ? AND metric = ? "
				+ "AND series_id = ? AND minute >= ? AND minute < ?");
		this.deleteSeriesMarks = prepare(
				"DELETE FROM rollup_marks USING TIMESTAMP ? WHERE tenant = ? AND metric = ? AND series_id = ?");
		this.selectLegacyRange = prepare("SELECT minute FROM rollup_dirty WHERE tenant = ? AND metric = ? "
				+ "AND series_id = ? AND minute >= ? AND minute < ? LIMIT ?");
		this.selectLegacyOfMany = prepare("SELECT series_id, minute, ttl_seconds, WRITETIME(ttl_seconds) "
				+ "FROM rollup_dirty WHERE tenant = ? AND metric = ? AND series_id IN ? LIMIT ?");
		this.clearLegacyRange = prepare("DELETE FROM rollup_dirty USING TIMESTAMP ? WHERE tenant = ? "
				+ "AND metric = ? AND series_id = ? AND minute >= ? AND minute < ?");
		this.deleteSeriesLegacy = prepare(
				"DELETE FROM rollup_dirty USING TIMESTAMP ? WHERE tenant = ? AND metric = ? AND series_id = ?");
		this.selectQueued = prepare(
				"SELECT tenant, metric, series_id FROM rollup_queue WHERE slot = ? AND shard = ? LIMIT ?");
	}

	private PreparedStatement prepare(String cql) {
		// Marks and queue rows are upserts or deletes at a given time: safe to retry.
		return this.session.prepare(SimpleStatement.newInstance(cql).setIdempotent(true));
	}

	/**
	 * Marks every minute the written points fall in as not current, and queues each
	 * series for the slot in which its marks fall due (unless this instance queued it
	 * there lately: {@link QueuedSeries}). A minute whose mark this instance wrote lately
	 * is left as it is while {@code pass} says that mark serves ({@link MarkedMinutes}).
	 */
	Mono<Void> mark(String tenant, List<Written> series, int ttlSeconds, long deletionMark, Pass pass) {
		if (!this.properties.enabled() || series.isEmpty()) {
			return Mono.empty();
		}
		return Mono.defer(() -> {
			long writeTime = this.clock.nextMicros();
			long now = writeTime / 1000L;
			List<List<BoundStatement>> marksBySeries = new ArrayList<>(series.size());
			Map<Long, List<BoundStatement>> queuedBySlot = new LinkedHashMap<>();
			List<QueuedSeries.Key> queuedKeys = new ArrayList<>();
			List<MarkedMinute> marked = new ArrayList<>();
			for (Written written : series) {
				TreeSet<Long> slots = new TreeSet<>();
				List<BoundStatement> marks = new ArrayList<>(1);
				long previous = Long.MIN_VALUE;
				for (long ts : written.timestamps()) {
					long minute = Math.floorDiv(ts, MINUTE) * MINUTE;
					if (minute == previous) {
						continue;
					}
					previous = minute;
					MarkedMinutes.Key markedKey = MarkedMinutes.key(tenant, written.seriesId(), minute, ttlSeconds,
							deletionMark);
					if ((pass == Pass.BEFORE_WRITE) ? this.marked.coversRequestStartingAt(markedKey, now)
							: this.marked.pendingAt(markedKey, now)) {
						continue;
					}
					marked.add(new MarkedMinute(markedKey, minute));
					marks.add(Binder.bind(this.insertMark)
						.text(tenant)
						.text(written.metric())
						.text(written.seriesId())
						.millis(minute)
						.int32(ttlSeconds)
						.bigint(writeTime)
						.build());
					slots.add(slotOf(dueTime(minute, now)));
				}
				if (!marks.isEmpty()) {
					marksBySeries.add(marks);
				}
				int shard = shardOf(tenant, written.metric());
				for (long slot : slots) {
					QueuedSeries.Key queuedKey = QueuedSeries.key(slot, tenant, written.metric(), written.seriesId());
					if (this.queued.written(queuedKey)) {
						continue;
					}
					queuedKeys.add(queuedKey);
					queuedBySlot.computeIfAbsent(slot * 1024 + shard, (key) -> new ArrayList<>())
						.add(Binder.bind(this.insertQueued)
							.bigint(slot)
							.int32(shard)
							.text(tenant)
							.text(written.metric())
							.text(written.seriesId())
							.build());
				}
			}
			List<Statement<?>> statements = new ArrayList<>(Batches.ofReplicaSets(this.session, marksBySeries,
					this.batchLimits, this.cassandra.writeConsistency()));
			queuedBySlot.values().forEach((rows) -> statements.addAll(batches(rows)));
			return Flux.fromIterable(statements)
				.flatMap(this::execute, this.writeConcurrency)
				.then(Mono.fromRunnable(() -> {
					queuedKeys.forEach(this.queued::remember);
					marked.forEach((minute) -> this.marked.remember(minute.key(), minute.minute(), writeTime));
				}));
		});
	}

	/**
	 * Runs {@code write}, the write of the points of {@code series}, between their marks:
	 * marks first (or a mark this instance wrote lately that still covers them), so a
	 * query that finds no mark may trust the rollup row; and, after a write that took
	 * longer than half of {@code settle}, marks again the minutes whose marks a worker
	 * may have cleared before the points landed.
	 * @param deletionMark the tenant's deletion mark: marks remembered under an older one
	 * are written again
	 */
	public Mono<Void> around(String tenant, List<Written> series, int ttlSeconds, long deletionMark, Mono<Void> write) {
		if (!this.properties.enabled()) {
			return write;
		}
		return Mono.defer(() -> {
			long started = this.clock.nextMicros();
			return mark(tenant, series, ttlSeconds, deletionMark, Pass.BEFORE_WRITE).then(write).then(Mono.defer(() -> {
				long took = this.clock.nextMicros() - started;
				return (took * 2 > this.properties.settle().toNanos() / 1000L)
						? mark(tenant, series, ttlSeconds, deletionMark, Pass.AFTER_SLOW_WRITE) : Mono.empty();
			}));
		});
	}

	/**
	 * When a minute's mark written at {@code markedAt} falls due: once the minute is over
	 * and its points have surely landed, both plus {@code settle}.
	 */
	long dueTime(long minute, long markedAt) {
		return Math.max(markedAt, minute + MINUTE) + this.properties.settle().toMillis();
	}

	long slotOf(long epochMillis) {
		return Math.floorDiv(epochMillis, this.properties.slot().toMillis());
	}

	/** First millisecond after {@code slot}. */
	long slotEnd(long slot) {
		return (slot + 1) * this.properties.slot().toMillis();
	}

	private int shardOf(String tenant, String metric) {
		return Math.floorMod(Objects.hash(tenant, metric), this.properties.shards());
	}

	/**
	 * Starts of the minutes in {@code [from, to)} of one series that have a mark, i.e.
	 * whose rollup rows may not hold every point yet; at most {@code limit}.
	 */
	public Flux<Long> dirtyMinutes(String tenant, String metric, String seriesId, long from, long to, int limit) {
		if (!this.properties.enabled() || from >= to) {
			return Flux.empty();
		}
		Instant start = Instant.ofEpochMilli(from);
		Instant end = Instant.ofEpochMilli(to);
		// Both tables answer in minute order: merged, a minute marked in both counts
		// once.
		return Flux
			.mergeComparing(Comparator.<Long>naturalOrder(),
					minutes(this.selectMarkRange.bind(tenant, metric, seriesId, start, end, limit)),
					minutes(this.selectLegacyRange.bind(tenant, metric, seriesId, start, end, limit)))
			.distinctUntilChanged()
			.take(limit);
	}

	private Flux<Long> minutes(BoundStatement select) {
		return Flux.from(this.session.executeReactive(read(select))).map((row) -> Cells.millis(row, 0));
	}

	/**
	 * The marks of several series of one metric, at most {@code limit} in all: one read
	 * of their partitions (the coordinator reads each where it lives), and one of the
	 * metric's {@code rollup_dirty} partition of schema version 5. A partition's rows
	 * come together, oldest minute first, so what the limit leaves out of a series is
	 * later than all of it that was read.
	 */
	Flux<SeriesMark> marksOf(String tenant, String metric, List<String> seriesIds, int limit) {
		return Flux
			.merge(marks(this.selectMarks.bind(tenant, metric, seriesIds, limit), false),
					marks(this.selectLegacyOfMany.bind(tenant, metric, seriesIds, limit), true))
			.take(limit);
	}

	private Flux<SeriesMark> marks(BoundStatement select, boolean legacy) {
		return Flux.from(this.session.executeReactive(read(select)))
			.map((row) -> new SeriesMark(row.getString(0), new Mark(row.getInstant(1).toEpochMilli(),
					row.isNull(2) ? 0 : row.getInt(2), row.getLong(3), legacy)));
	}

	/**
	 * Clears, for each series of one metric, the marks it was recomputed with, as
	 * {@link #clearing} says, in the table each was read from: the range tombstones of
	 * series partitions share batches by replica set, those of the metric's
	 * {@code rollup_dirty} partition go as one batch.
	 */
	Mono<Void> clearAll(String tenant, String metric, Map<String, List<Mark>> processed) {
		List<List<BoundStatement>> ranges = new ArrayList<>(processed.size());
		List<BoundStatement> legacyRanges = new ArrayList<>();
		processed.forEach((seriesId, marks) -> {
			List<Mark> current = marks.stream().filter((mark) -> !mark.legacy()).toList();
			List<Mark> legacy = marks.stream().filter(Mark::legacy).toList();
			if (!current.isEmpty()) {
				ranges.add(List.of(clearing(this.clearRange, tenant, metric, seriesId, current)));
			}
			if (!legacy.isEmpty()) {
				legacyRanges.add(clearing(this.clearLegacyRange, tenant, metric, seriesId, legacy));
			}
		});
		List<Statement<?>> statements = new ArrayList<>(
				Batches.ofReplicaSets(this.session, ranges, this.batchLimits, this.cassandra.writeConsistency()));
		statements.addAll(batches(legacyRanges));
		return Flux.fromIterable(statements).flatMap(this::execute, this.writeConcurrency).then();
	}

	/**
	 * The delete clearing the marks of one series that {@code processed} (ascending, due,
	 * all of one hour) were read with, as one range tombstone over the day up to the last
	 * of them at the newest write time among them. Row deletes would leave a tombstone
	 * per minute for every query of the series to step over; ranges that grow within a
	 * day supersede each other. Safe, because a mark in that range that was not processed
	 * was not due: its minute is over, so it was written within {@code settle} of the
	 * read, later than every processed mark, and its newer write time survives.
	 */
	private static BoundStatement clearing(PreparedStatement clear, String tenant, String metric, String seriesId,
			List<Mark> processed) {
		long newest = processed.stream().mapToLong(Mark::writeTime).max().orElseThrow();
		long first = processed.get(0).minute();
		long dayStart = Math.floorDiv(first, DAY) * DAY;
		long end = processed.get(processed.size() - 1).minute() + MINUTE;
		return clear.bind(newest, tenant, metric, seriesId, Instant.ofEpochMilli(dayStart), Instant.ofEpochMilli(end));
	}

	/** Removes every mark of a deleted series written before {@code timestamp}. */
	public Mono<Void> deleteSeries(String tenant, String metric, String seriesId, long timestamp) {
		return Flux.just(this.deleteSeriesMarks, this.deleteSeriesLegacy)
			.flatMap((delete) -> execute(delete.bind(timestamp, tenant, metric, seriesId)
				.setConsistencyLevel(this.cassandra.writeConsistency())))
			.then();
	}

	/** The series queued in one shard of a slot, at most {@code limit}. */
	Flux<Queued> queued(long slot, int shard, int limit) {
		return Flux.from(this.session.executeReactive(read(this.selectQueued.bind(slot, shard, limit))))
			.map((row) -> new Queued(row.getString(0), row.getString(1), row.getString(2)));
	}

	/** Queues one series again, for a slot that falls due after {@code settle}. */
	Mono<Void> requeue(Queued series) {
		long slot = slotOf(this.clock.nextMicros() / 1000L + this.properties.settle().toMillis());
		return execute(this.insertQueued
			.bind(slot, shardOf(series.tenant(), series.metric()), series.tenant(), series.metric(), series.seriesId())
			.setConsistencyLevel(this.cassandra.writeConsistency()));
	}

	private List<Statement<?>> batches(List<BoundStatement> rows) {
		return Batches.ofOnePartition(rows, this.batchMaxRows, this.cassandra.writeConsistency());
	}

	private BoundStatement read(BoundStatement statement) {
		return statement.setConsistencyLevel(this.cassandra.readConsistency());
	}

	private Mono<Void> execute(Statement<?> statement) {
		return Mono.fromCompletionStage(() -> this.session.executeAsync(statement)).then();
	}

	/**
	 * The points of one series that a request writes.
	 *
	 * @param metric the series' metric
	 * @param seriesId the series
	 * @param timestamps the points' times, ascending
	 */
	public record Written(String metric, String seriesId, long[] timestamps) {
	}

	/**
	 * A minute of one series marked as not current.
	 *
	 * @param minute start of the minute
	 * @param ttlSeconds TTL for its rollup rows, 0 for none
	 * @param writeTime write time of the mark, microseconds
	 * @param legacy whether it was read from {@code rollup_dirty} (schema version 5),
	 * where it is cleared
	 */
	record Mark(long minute, int ttlSeconds, long writeTime, boolean legacy) {
	}

	/** A series queued for recomputation. */
	record Queued(String tenant, String metric, String seriesId) {
	}

	/** When a request marks its minutes. */
	enum Pass {

		/**
		 * Before its points: a mark remembered here serves if the points land in time.
		 */
		BEFORE_WRITE,

		/**
		 * After a write that took longer than half of {@code settle}: a mark remembered
		 * here serves if no worker can have taken it yet.
		 */
		AFTER_SLOW_WRITE

	}

	/** A minute marked by a request, remembered once its mark was written. */
	private record MarkedMinute(MarkedMinutes.Key key, long minute) {
	}

	/** A mark and the series it belongs to. */
	record SeriesMark(String seriesId, Mark mark) {
	}

}
