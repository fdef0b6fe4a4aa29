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
	 * Change-log rows per batch; a row holds up to {@code points-per-row} points. Every
	 * request writes its metric's minute partition: a hot partition.
	 */
	private static final int ROWS_PER_BATCH = Batches.HOT_PARTITION_MAX_ROWS;

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
			.newInstance("INSERT INTO stream_log (tenant, metric, bucket, arrival, series_id, tags, points) "
					+ "VALUES (?, ?, ?, ?, ?, ?, ?) USING TTL ?")
			.setIdempotent(false));
		this.select = session.prepare(SimpleStatement
			.newInstance("SELECT arrival, series_id, tags, points FROM stream_log WHERE tenant = ? AND metric = ? "
					+ "AND bucket = ? AND arrival >= ? AND arrival <= ? LIMIT ?")
			.setConsistencyLevel(cassandra.readConsistency())
			.setIdempotent(true));
	}

	/**
	 * Appends the points of one request: one row per series and per
	 * {@code points-per-row} points, the rows of one metric as batches of its minute
	 * partition. Each row takes its arrival id only when its write starts, and the write
	 * times out well within the readers' lag, so a reader never passes a row that will
	 * still land.
	 */
	public Mono<Void> append(String tenant, List<SeriesPoints> series) {
		int perRow = this.properties.pointsPerRow();
		Map<String, List<Chunk>> byMetric = new LinkedHashMap<>();
		for (SeriesPoints points : series) {
			List<Chunk> chunks = byMetric.computeIfAbsent(points.key().metric(), (metric) -> new ArrayList<>());
			for (int from = 0; from < points.size(); from += perRow) {
				chunks.add(new Chunk(points, from, Math.min(points.size(), from + perRow)));
			}
		}
		// A connection that closes under an insert (a node dying) leaves its fate
		// unknown; the driver does not retry a non-idempotent insert, so it is sent
		// again here, once, with fresh arrival ids and its own timeout. At worst the
		// stream shows those points twice; it never misses them.
		return Flux.fromIterable(byMetric.values())
			.flatMap((chunks) -> Mono.defer(() -> write(tenant, chunks))
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

	private Mono<Void> write(String tenant, List<Chunk> chunks) {
		int ttl = (int) this.properties.rowTtl().toSeconds();
		Map<Long, List<BoundStatement>> byBucket = new LinkedHashMap<>();
		for (Chunk chunk : chunks) {
			UUID arrival = Uuids.timeBased();
			SeriesPoints points = chunk.points();
			byBucket.computeIfAbsent(LogRow.bucketOf(arrival), (bucket) -> new ArrayList<>())
				.add(Binder.bind(this.insert)
					.text(tenant)
					.text(points.key().metric())
					.bigint(LogRow.bucketOf(arrival))
					.timeuuid(arrival)
					.text(points.id())
					.tags(points.key().tags())
					.bytes(LogRow.pack(points.timestamps(), points.values(), chunk.from(), chunk.to()))
					.int32(ttl)
					.build());
		}
		List<Statement<?>> statements = new ArrayList<>();
		byBucket.values()
			.forEach((rows) -> statements
				.addAll(Batches.ofOnePartition(rows, ROWS_PER_BATCH, this.cassandra.writeConsistency())));
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
			.map((row) -> new LogRow(row.getUuid(0), Cells.text(row, 1), Cells.tags(row, 2), row.getByteBuffer(3)));
	}

	/** Latest arrival id of a row written at or before {@code instant}. */
	static UUID endOf(Instant instant) {
		return Uuids.endOf(instant.toEpochMilli());
	}

	private record Chunk(SeriesPoints points, int from, int to) {
	}

}
