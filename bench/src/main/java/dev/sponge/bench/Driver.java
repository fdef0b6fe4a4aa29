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
 * extra statements (latest value, series catalogue) are part of what is measured.
 */
final class Driver implements AutoCloseable {

	/** The service's {@code sponge.points.batch-max-rows} default. */
	static final int BATCH_MAX_ROWS = 100;

	/** The service's {@code sponge.points.write-concurrency} default. */
	static final int WRITE_CONCURRENCY = 32;

	static final long DAY_MILLIS = 86_400_000L;

	private static final ConsistencyLevel CONSISTENCY = ConsistencyLevel.LOCAL_QUORUM;

	private final CqlSession session;

	private final String keyspace;

	private final PreparedStatement insert;

	private final PreparedStatement selectRange;

	private final PreparedStatement selectLatest;

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
		this.selectRange = this.session.prepare(SimpleStatement
			.newInstance("SELECT ts, value FROM " + keyspace
					+ ".points WHERE tenant = ? AND series_id = ? AND day = ? AND ts >= ? AND ts < ?")
			.setConsistencyLevel(CONSISTENCY)
			.setIdempotent(true));
		this.selectLatest = this.session.prepare(SimpleStatement
			.newInstance(
					"SELECT series_id, tags, ts, value FROM " + keyspace + ".latest WHERE tenant = ? AND metric = ?")
			.setConsistencyLevel(CONSISTENCY)
			.setIdempotent(true));
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

	/** The rows a raw range query of one series reads; returns how many there were. */
	Mono<Long> readRange(String tenant, String seriesId, long from, long to) {
		return Flux.range(day(from), day(to - 1) - day(from) + 1)
			.concatMap((day) -> Flux.from(this.session.executeReactive(this.selectRange.bind(tenant, seriesId, day,
					Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)))))
			.count();
	}

	/**
	 * The rows a one-minute average over {@code from..to} reads, averaged per minute on
	 * the client; returns the number of minute rows.
	 */
	Mono<Long> aggregateMinutes(String tenant, String seriesId, long from, long to) {
		return Flux.range(day(from), day(to - 1) - day(from) + 1)
			.concatMap((day) -> Flux.from(this.session.executeReactive(this.selectRange.bind(tenant, seriesId, day,
					Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)))))
			.reduce(new double[2 * minutes(from, to)], (sums, row) -> {
				int minute = (int) ((row.getInstant(0).toEpochMilli() - from) / 60_000L);
				sums[2 * minute] += row.getDouble(1);
				sums[2 * minute + 1]++;
				return sums;
			})
			.map((sums) -> {
				long rows = 0;
				for (int minute = 0; minute < sums.length / 2; minute++) {
					if (sums[2 * minute + 1] > 0) {
						sums[2 * minute] /= sums[2 * minute + 1];
						rows++;
					}
				}
				return rows;
			});
	}

	private static int minutes(long from, long to) {
		return (int) ((to - from + 59_999L) / 60_000L);
	}

	/** The latest-value rows of one metric of a tenant (one partition). */
	Mono<Long> readLatest(String tenant, String metric) {
		return Flux.from(this.session.executeReactive(this.selectLatest.bind(tenant, metric))).count();
	}

	static int day(long epochMillis) {
		return (int) Math.floorDiv(epochMillis, DAY_MILLIS);
	}

	@Override
	public void close() {
		this.session.close();
	}

}
