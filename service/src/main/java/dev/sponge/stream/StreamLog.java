package dev.sponge.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.stereotype.Component;

import dev.sponge.cassandra.Binder;
import dev.sponge.cassandra.Cells;
import dev.sponge.cassandra.Batches;
import dev.sponge.cassandra.SpongeCassandraProperties;
import dev.sponge.points.PointStorageProperties;
import dev.sponge.points.SeriesPoints;

/**
 * The {@code stream_log} table: ingest appends the points of each request, streams read
 * them back in arrival order, one minute partition at a time.
 */
@Component
public class StreamLog {

	/**
	 * Change-log rows per batch (of one partition: one mutation). A row holds up to
	 * {@code points-per-row} points of any number of series, tens of kilobytes at most,
	 * so a batch stays far below Cassandra's largest mutation; a request's rows of a
	 * metric are mostly one batch.
	 */
	private static final int ROWS_PER_BATCH = 16;

	private final CqlSession session;

	private final StreamProperties properties;

	private final SpongeCassandraProperties cassandra;

	private final int writeConcurrency;

	private final PreparedStatement insert;

	private final PreparedStatement select;

	StreamLog(CqlSession session, StreamProperties properties, SpongeCassandraProperties cassandra,
			PointStorageProperties pointStorage) {
		this.session = session;
		this.properties = properties;
		this.cassandra = cassandra;
		this.writeConcurrency = pointStorage.writeConcurrency();
		// Loads the driver's time-based UUID generator (which inspects the host's network
		// interfaces once) at start-up, not on a request thread.
		Uuids.timeBased();
		// Not idempotent: a retried insert would keep its arrival id, and may land after
		// readers have passed it; failing the request makes the client retry with a new
		// one.
		this.insert = session.prepare(SimpleStatement
			.newInstance("INSERT INTO stream_log (tenant, metric, bucket, arrival, packed) VALUES (?, ?, ?, ?, ?) "
					+ "USING TTL ?")
			.setIdempotent(false));
		// A row has its series in packed (schema version 9), or one series in series_id,
		// tags and
		// points (version 3, as an instance of the previous version writes it).
		this.select = session.prepare(SimpleStatement
			.newInstance("SELECT arrival, series_id, tags, points, packed FROM stream_log WHERE tenant = ? "
					+ "AND metric = ? AND bucket = ? AND arrival >= ? AND arrival <= ? LIMIT ?")
			.setConsistencyLevel(cassandra.readConsistency())
			.setIdempotent(true));
	}

	/**
	 * Appends the points of one request: per metric, rows of up to {@code points-per-row}
	 * points, each holding as many of the request's series as fit (a series with more
	 * points is spread over rows), as batches of the metric's minute partition. Each row
	 * takes its arrival id only when its write starts, and the write times out well
	 * within the readers' lag, so a reader never passes a row that will still land.
	 */
	public Mono<Void> append(String tenant, List<SeriesPoints> series) {
		int perRow = this.properties.pointsPerRow();
		Map<String, List<List<LogRow.Slice>>> byMetric = new LinkedHashMap<>();
		Map<String, Integer> filled = new LinkedHashMap<>();
		for (SeriesPoints points : series) {
			String metric = points.key().metric();
			List<List<LogRow.Slice>> rows = byMetric.computeIfAbsent(metric, (m) -> new ArrayList<>());
			int from = 0;
			while (from < points.size()) {
				int inRow = filled.getOrDefault(metric, perRow);
				if (inRow == perRow) {
					rows.add(new ArrayList<>());
					inRow = 0;
				}
				int to = Math.min(points.size(), from + perRow - inRow);
				rows.get(rows.size() - 1)
					.add(new LogRow.Slice(points.id(), points.key().tags(), points.timestamps(), points.values(), from,
							to));
				filled.put(metric, inRow + to - from);
				from = to;
			}
		}
		// A connection that closes under an insert (a node dying) leaves its fate
		// unknown; the driver does not retry a non-idempotent insert, so it is sent
		// again here, once, with fresh arrival ids and its own timeout. At worst the
		// stream shows those points twice; it never misses them.
		return Flux.fromIterable(byMetric.entrySet())
			.flatMap((rows) -> Mono.defer(() -> write(tenant, rows.getKey(), rows.getValue()))
				.retryWhen(Retry.max(1).filter(StreamLog::connectionLost)), this.writeConcurrency)
			.then();
	}

	private static boolean connectionLost(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof ClosedConnectionException || t instanceof HeartbeatException) {
				return true;
			}
		}
		return false;
	}

	private Mono<Void> write(String tenant, String metric, List<List<LogRow.Slice>> rows) {
		int ttl = (int) this.properties.rowTtl().toSeconds();
		Map<Long, List<BoundStatement>> byBucket = new LinkedHashMap<>();
		for (List<LogRow.Slice> row : rows) {
			UUID arrival = Uuids.timeBased();
			byBucket.computeIfAbsent(LogRow.bucketOf(arrival), (bucket) -> new ArrayList<>())
				.add(Binder.bind(this.insert)
					.text(tenant)
					.text(metric)
					.bigint(LogRow.bucketOf(arrival))
					.timeuuid(arrival)
					.bytes(LogRow.packEntries(row))
					.int32(ttl)
					.build());
		}
		List<Statement<?>> statements = new ArrayList<>();
		byBucket.values()
			.forEach((inBucket) -> statements
				.addAll(Batches.ofOnePartition(inBucket, ROWS_PER_BATCH, this.cassandra.writeConsistency())));
		return Flux.fromIterable(statements)
			.flatMap((statement) -> Mono.fromCompletionStage(
					() -> this.session.executeAsync(statement.setTimeout(this.properties.writeTimeout()))))
			.then();
	}

	/**
	 * Rows of one arrival bucket with {@code from <= arrival <= to}, in arrival order, at
	 * most {@code limit}.
	 */
	Flux<LogRow> read(String tenant, String metric, long bucket, UUID from, UUID to, int limit) {
		return Flux.from(this.session.executeReactive(this.select.bind(tenant, metric, bucket, from, to, limit)))
			.map((row) -> row.isNull(4)
					? LogRow.ofSeries(row.getUuid(0), Cells.text(row, 1), Cells.tags(row, 2), row.getByteBuffer(3))
					: LogRow.ofEntries(row.getUuid(0), row.getByteBuffer(4)));
	}

	/** Latest arrival id of a row written at or before {@code instant}. */
	static UUID endOf(Instant instant) {
		return Uuids.endOf(instant.toEpochMilli());
	}

}
