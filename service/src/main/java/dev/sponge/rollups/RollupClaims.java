package dev.sponge.rollups;

import java.util.HashMap;
import java.util.Map;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.sponge.cassandra.SpongeCassandraProperties;

/**
 * The {@code rollup_claims} table: which worker works on a shard of a slot, and which
 * shards are done. A claim is a lightweight transaction with a TTL (the lease), so two
 * workers never start the same shard at once, and a claim of a killed instance lapses.
 */
@Component
class RollupClaims {

	private final CqlSession session;

	private final RollupProperties properties;

	private final PreparedStatement select;

	private final PreparedStatement claim;

	private final PreparedStatement done;

	RollupClaims(CqlSession session, RollupProperties properties, SpongeCassandraProperties cassandra) {
		this.session = session;
		this.properties = properties;
		this.select = session
			.prepare(SimpleStatement.newInstance("SELECT shard, owner, done FROM rollup_claims WHERE slot = ?")
				.setConsistencyLevel(cassandra.readConsistency())
				.setIdempotent(true));
		// Serial consistency local to the data centre, as the reads and writes around it.
		this.claim = session.prepare(SimpleStatement
			.newInstance("INSERT INTO rollup_claims (slot, shard, owner) VALUES (?, ?, ?) IF NOT EXISTS USING TTL ?")
			.setConsistencyLevel(cassandra.writeConsistency())
			.setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL));
		this.done = session
			.prepare(SimpleStatement.newInstance("UPDATE rollup_claims SET done = true WHERE slot = ? AND shard = ?")
				.setConsistencyLevel(cassandra.writeConsistency())
				.setIdempotent(true));
	}

	/** The claims of one slot by shard; shards nobody claimed are absent. */
	Mono<Map<Integer, Claim>> of(long slot) {
		return Flux.from(this.session.executeReactive(this.select.bind(slot)))
			.collect(HashMap::new, (claims, row) -> claims.put(row.getInt(0),
					new Claim(row.getString(1), !row.isNull(2) && row.getBoolean(2))));
	}

	/** Takes the lease on one shard of a slot; emits whether this worker got it. */
	Mono<Boolean> claim(long slot, int shard, String owner) {
		return Mono
			.fromCompletionStage(() -> this.session.executeAsync(
					this.claim.bind(slot, shard, owner, (int) Math.max(1, this.properties.lease().toSeconds()))))
			.map((result) -> result.wasApplied());
	}

	/** Records that every series queued in the shard was recomputed. */
	Mono<Void> done(long slot, int shard) {
		return Mono.fromCompletionStage(() -> this.session.executeAsync(this.done.bind(slot, shard))).then();
	}

	/**
	 * One shard's claim.
	 *
	 * @param owner the worker holding the lease, null once it lapsed
	 * @param done whether the shard's work is complete
	 */
	record Claim(String owner, boolean done) {
	}

}
