package dev.sponge.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The baseline: the bare DataStax driver (the one the service uses) writing into the
 * service's own {@code points} table with the service's batching, concurrency,
 * consistency and request throttling. It writes only the points table: the service's
 * extra statements (latest value, series catalogue) are part of what is measured. Its
 * {@link #reads()} are the baseline of the queries.
 */
final class Driver implements AutoCloseable {

	/** The service's {@code sponge.points.batch-max-rows} default. */
	static final int BATCH_MAX_ROWS = 100;

	/** The service's {@code sponge.points.write-concurrency} default. */
	static final int WRITE_CONCURRENCY = 32;

	static final long DAY_MILLIS = 86_400_000L;

	static final ConsistencyLevel CONSISTENCY = ConsistencyLevel.LOCAL_QUORUM;

	private final CqlSession session;

	private final String keyspace;

	private final PreparedStatement insert;

	private final DriverReads reads;

	Driver(InetSocketAddress contactPoint, String datacenter, String keyspace) {
		// The service's application.yml: 5 s request timeout, concurrency-limiting
		// throttler.
		DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
			.withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(5))
			.withString(DefaultDriverOption.REQUEST_THROTTLER_CLASS, "ConcurrencyLimitingRequestThrottler")
			.withInt(DefaultDriverOption.REQUEST_THROTTLER_MAX_CONCURRENT_REQUESTS, 1024)
			.withInt(DefaultDriverOption.REQUEST_THROTTLER_MAX_QUEUE_SIZE, 10000)
			// Start-up queries only: a loaded machine can be slow to answer them.
			.withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(30))
			.withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
			.withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(30))
			.build();
		this.keyspace = keyspace;
		this.session = CqlSession.builder()
			.addContactPoint(contactPoint)
			.withLocalDatacenter(datacenter)
			.withConfigLoader(config)
			.build();
		this.insert = this.session.prepare(SimpleStatement
			.newInstance(
					"INSERT INTO " + keyspace + ".points (tenant, series_id, day, ts, value) VALUES (?, ?, ?, ?, ?)")
			.setIdempotent(true));
		this.reads = new DriverReads(this.session, keyspace);
	}

	/** The baseline of the queries: the same rows the service reads. */
	DriverReads reads() {
		return this.reads;
	}

	CqlSession session() {
		return this.session;
	}

	String keyspace() {
		return this.keyspace;
	}

	/**
	 * Writes one batch as the service would: per-partition UNLOGGED batches, 32 at once.
	 */
	Mono<Void> write(Workload.Batch batch) {
		return Flux.fromIterable(batch.slices())
			.concatMapIterable((slice) -> statements(batch.workload(), slice))
			.flatMap((statement) -> Mono.fromCompletionStage(() -> this.session.executeAsync(statement)),
					WRITE_CONCURRENCY)
			.then();
	}

	private List<Statement<?>> statements(Workload workload, Workload.Slice slice) {
		List<Statement<?>> statements = new ArrayList<>();
		String tenant = workload.tenant();
		String seriesId = workload.seriesId(slice.series());
		int start = 0;
		while (start < slice.count()) {
			int day = day(workload.timestamp(slice.firstOffset() + start));
			int end = start;
			while (end < slice.count() && end - start < BATCH_MAX_ROWS
					&& day(workload.timestamp(slice.firstOffset() + end)) == day) {
				end++;
			}
			if (end - start == 1) {
				long offset = slice.firstOffset() + start;
				statements.add(
						this.insert
							.bind(tenant, seriesId, day, Instant.ofEpochMilli(workload.timestamp(offset)),
									Workload.value(slice.series(), offset))
							.setConsistencyLevel(CONSISTENCY));
				start = end;
				continue;
			}
			BatchStatementBuilder builder = BatchStatement.builder(BatchType.UNLOGGED)
				.setConsistencyLevel(CONSISTENCY)
				.setIdempotence(true);
			for (int i = start; i < end; i++) {
				long offset = slice.firstOffset() + i;
				builder.addStatement(this.insert.bind(tenant, seriesId, day,
						Instant.ofEpochMilli(workload.timestamp(offset)), Workload.value(slice.series(), offset)));
			}
			statements.add(builder.build());
			start = end;
		}
		return statements;
	}

	static int day(long epochMillis) {
		return (int) Math.floorDiv(epochMillis, DAY_MILLIS);
	}

	@Override
	public void close() {
		this.session.close();
	}

}
