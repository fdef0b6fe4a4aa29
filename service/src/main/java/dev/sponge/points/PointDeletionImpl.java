package dev.sponge.points;

import java.util.List;

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

	PointDeletionImpl(CqlSession session, PointStorageProperties properties, SpongeCassandraProperties cassandra) {
		this.session = session;
		this.properties = properties;
		this.deletePartition = session.prepare(SimpleStatement
			.newInstance("DELETE FROM points USING TIMESTAMP ? WHERE tenant = ? AND series_id = ? AND day = ?")
			.setConsistencyLevel(cassandra.writeConsistency())
			.setIdempotent(true));
		this.selectLatestWriteTime = session.prepare(SimpleStatement
			.newInstance("SELECT WRITETIME(value) FROM latest WHERE tenant = ? AND metric = ? AND series_id = ?")
			.setConsistencyLevel(cassandra.readConsistency())
			.setIdempotent(true));
		this.deleteLatest = session.prepare(SimpleStatement
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
		return Flux.from(this.session.executeReactive(this.selectLatestWriteTime.bind(tenant, metric, seriesId)))
			.next()
			.filter((row) -> !row.isNull(0))
			.flatMap((row) -> execute(this.deleteLatest.bind(row.getLong(0), tenant, metric, seriesId)));
	}

	private Mono<Void> execute(Statement<?> statement) {
		return Mono.fromCompletionStage(() -> this.session.executeAsync(statement)).then();
	}

}
