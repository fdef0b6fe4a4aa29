package dev.sponge.points;

import java.util.List;
import java.util.function.LongFunction;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.sponge.cassandra.SpongeCassandraProperties;

/**
 * Partition deletes for {@link PointDeletion}: one statement per points partition (no
 * scan, no range tombstone inside a partition), with bounded concurrency.
 */
class PointDeletionImpl implements PointDeletion {

	private final CqlSession session;

	private final PointStorageProperties properties;

	private final PreparedStatement deletePartition;

	private final PreparedStatement selectLatestWriteTime;

	private final PreparedStatement deleteLatest;

	private final PreparedStatement selectLegacyLatestWriteTime;

	private final PreparedStatement deleteLegacyLatest;

	PointDeletionImpl(CqlSession session, PointStorageProperties properties, SpongeCassandraProperties cassandra) {
		this.session = session;
		this.properties = properties;
		this.deletePartition = session.prepare(SimpleStatement
			.newInstance("DELETE FROM points USING TIMESTAMP ? WHERE tenant = ? AND series_id = ? AND day = ?")
			.setConsistencyLevel(cassandra.writeConsistency())
			.setIdempotent(true));
		this.selectLatestWriteTime = session.prepare(SimpleStatement
			.newInstance("SELECT WRITETIME(value) FROM latest_by_shard WHERE tenant = ? AND metric = ? AND shard = ? "
					+ "AND series_id = ?")
			.setConsistencyLevel(cassandra.readConsistency())
			.setIdempotent(true));
		this.deleteLatest = session.prepare(SimpleStatement
			.newInstance("DELETE FROM latest_by_shard USING TIMESTAMP ? WHERE tenant = ? AND metric = ? AND shard = ? "
					+ "AND series_id = ?")
			.setConsistencyLevel(cassandra.writeConsistency())
			.setIdempotent(true));
		// Schema version 7's table, where an instance of that version may have written.
		this.selectLegacyLatestWriteTime = session.prepare(SimpleStatement
			.newInstance("SELECT WRITETIME(value) FROM latest WHERE tenant = ? AND metric = ? AND series_id = ?")
			.setConsistencyLevel(cassandra.readConsistency())
			.setIdempotent(true));
		this.deleteLegacyLatest = session.prepare(SimpleStatement
			.newInstance("DELETE FROM latest USING TIMESTAMP ? WHERE tenant = ? AND metric = ? AND series_id = ?")
			.setConsistencyLevel(cassandra.writeConsistency())
			.setIdempotent(true));
	}

	@Override
	public Mono<Void> deleteSeries(String tenant, String metric, String seriesId, List<Integer> days, long timestamp) {
		return Flux.fromIterable(days)
			.flatMap((day) -> execute(this.deletePartition.bind(timestamp, tenant, seriesId, day)),
					this.properties.writeConcurrency())
			.then(deleteLatest(tenant, metric, seriesId));
	}

	/**
	 * Latest values are written with the point's own time as write time, so the delete
	 * uses the stored row's write time: it removes that row, and a point newer than the
	 * deleted one, written later, is the series' latest value again.
	 */
	private Mono<Void> deleteLatest(String tenant, String metric, String seriesId) {
		int shard = LatestShards.of(seriesId);
		return Mono.when(
				deleteAsWritten(this.selectLatestWriteTime.bind(tenant, metric, shard, seriesId),
						(writeTime) -> this.deleteLatest.bind(writeTime, tenant, metric, shard, seriesId)),
				deleteAsWritten(this.selectLegacyLatestWriteTime.bind(tenant, metric, seriesId),
						(writeTime) -> this.deleteLegacyLatest.bind(writeTime, tenant, metric, seriesId)));
	}

	private Mono<Void> deleteAsWritten(Statement<?> selectWriteTime, LongFunction<Statement<?>> delete) {
		return Flux.from(this.session.executeReactive(selectWriteTime))
			.next()
			.filter((row) -> !row.isNull(0))
			.flatMap((row) -> execute(delete.apply(row.getLong(0))));
	}

	private Mono<Void> execute(Statement<?> statement) {
		return Mono.fromCompletionStage(() -> this.session.executeAsync(statement)).then();
	}

}
