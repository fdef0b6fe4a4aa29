package dev.sponge.series;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.sponge.cassandra.Binder;
import dev.sponge.cassandra.PartitionGroupCommit;
import dev.sponge.cassandra.Cells;
import dev.sponge.cassandra.BatchLimits;
import dev.sponge.cassandra.Batches;
import dev.sponge.cassandra.SpongeCassandraProperties;

/**
 * Writes and deletes the catalogue's rows: series, metric names and the per-series day
 * index. A metric's series and a tenant's metric names are hot partitions, written by
 * group commit ({@link PartitionGroupCommit}).
 */
class CatalogWriteOperationsImpl implements CatalogWriteOperations {

	/** How long the group commit of a catalogue partition is kept without writes. */
	private static final Duration IDLE_PARTITION_EXPIRY = Duration.ofMinutes(10);

	private final CqlSession session;

	private final PreparedStatement insertSeries;

	private final PreparedStatement insertMetric;

	private final PreparedStatement insertDay;

	private final PreparedStatement selectDays;

	private final PreparedStatement selectDayBetween;

	private final PreparedStatement deleteDays;

	private final PreparedStatement deleteSeries;

	private final PreparedStatement selectAnySeries;

	private final PreparedStatement selectSeries;

	private final PreparedStatement selectSeriesAfter;

	private final PreparedStatement deleteMetric;

	private final ConsistencyLevel consistency;

	/**
	 * A metric's {@code series} partition, written by every request with new series of
	 * it.
	 */
	private final PartitionGroupCommit<MetricKey, BoundStatement> seriesRows;

	/** A tenant's {@code metrics} partition, written with each registration. */
	private final PartitionGroupCommit<String, BoundStatement> metricRows;

	CatalogWriteOperationsImpl(CqlSession session, SpongeCassandraProperties properties) {
		this.session = session;
		this.consistency = properties.writeConsistency();
		this.seriesRows = new PartitionGroupCommit<>(this::writeOnePartition, IDLE_PARTITION_EXPIRY);
		this.metricRows = new PartitionGroupCommit<>(this::writeOnePartition, IDLE_PARTITION_EXPIRY);
		this.insertSeries = prepareWrite(session, properties,
				"INSERT INTO series (tenant, metric, series_id, tags) VALUES (?, ?, ?, ?) USING TTL ?");
		this.insertMetric = prepareWrite(session, properties,
				"INSERT INTO metrics (tenant, metric) VALUES (?, ?) USING TTL ?");
		this.insertDay = prepareWrite(session, properties,
				"INSERT INTO series_days (tenant, series_id, day) VALUES (?, ?, ?) USING TTL ?");
		this.deleteDays = prepareWrite(session, properties,
				"DELETE FROM series_days USING TIMESTAMP ? WHERE tenant = ? AND series_id = ?");
		this.deleteSeries = prepareWrite(session, properties,
				"DELETE FROM series USING TIMESTAMP ? WHERE tenant = ? AND metric = ? AND series_id = ?");
		this.deleteMetric = prepareWrite(session, properties,
				"DELETE FROM metrics USING TIMESTAMP ? WHERE tenant = ? AND metric = ?");
		this.selectDays = prepareRead(session, properties,
				"SELECT day FROM series_days WHERE tenant = ? AND series_id = ?");
		this.selectDayBetween = prepareRead(session, properties,
				"SELECT day FROM series_days WHERE tenant = ? AND series_id = ? AND day >= ? AND day <= ? LIMIT 1");
		this.selectSeries = prepareRead(session, properties,
				"SELECT series_id, tags FROM series WHERE tenant = ? AND metric = ?");
		this.selectSeriesAfter = prepareRead(session, properties,
				"SELECT series_id, tags FROM series WHERE tenant = ? AND metric = ? AND series_id > ?");
		this.selectAnySeries = prepareRead(session, properties,
				"SELECT series_id FROM series WHERE tenant = ? AND metric = ? LIMIT 1");
	}

	private static PreparedStatement prepareWrite(CqlSession session, SpongeCassandraProperties properties,
			String cql) {
		return session.prepare(SimpleStatement.newInstance(cql)
			.setConsistencyLevel(properties.writeConsistency())
			.setIdempotent(true));
	}

	private static PreparedStatement prepareRead(CqlSession session, SpongeCassandraProperties properties, String cql) {
		return session.prepare(
				SimpleStatement.newInstance(cql).setConsistencyLevel(properties.readConsistency()).setIdempotent(true));
	}

	@Override
	public Mono<Void> registerAll(String tenant, String metric, List<SeriesKey> keys, int ttlSeconds) {
		List<PartitionGroupCommit.Row<BoundStatement>> rows = new ArrayList<>(keys.size());
		keys.forEach((key) -> rows.add(new PartitionGroupCommit.Row<>(key.id(), 0,
				Binder.bind(this.insertSeries)
					.text(tenant)
					.text(metric)
					.text(key.id())
					.tags(key.tags())
					.int32(ttlSeconds)
					.build())));
		// The metric is listed once a series of it is.
		return this.seriesRows.write(new MetricKey(tenant, metric), rows)
			.then(this.metricRows.write(tenant, List
				.of(new PartitionGroupCommit.Row<>(metric, 0, this.insertMetric.bind(tenant, metric, ttlSeconds)))));
	}

	/** Rows of one partition, in batches of one mutation each. */
	private Mono<Void> writeOnePartition(List<BoundStatement> rows) {
		return Flux.fromIterable(Batches.ofOnePartition(rows, Batches.HOT_PARTITION_MAX_ROWS, this.consistency))
			.flatMap(this::execute)
			.then();
	}

	@Override
	public Mono<Void> recordDays(String tenant, List<SeriesDay> days, int ttlSeconds, BatchLimits limits,
			int concurrency) {
		// Days of one series share its partition; a request's new series, each with a
		// day or two, share batches by replica set.
		Map<String, List<BoundStatement>> bySeries = new LinkedHashMap<>();
		days.forEach((day) -> bySeries.computeIfAbsent(day.seriesId(), (id) -> new ArrayList<>())
			.add(Binder.bind(this.insertDay)
				.text(tenant)
				.text(day.seriesId())
				.int32(day.day())
				.int32(ttlSeconds)
				.build()));
		return Flux
			.fromIterable(
					Batches.ofReplicaSets(this.session, new ArrayList<>(bySeries.values()), limits, this.consistency))
			.flatMap(this::execute, concurrency)
			.then();
	}

	@Override
	public Flux<Integer> days(String tenant, String seriesId) {
		return Flux.from(this.session.executeReactive(this.selectDays.bind(tenant, seriesId)))
			.map((row) -> row.getInt(0));
	}

	@Override
	public Mono<Boolean> hasDayBetween(String tenant, String seriesId, int fromDay, int toDay) {
		return Flux.from(this.session.executeReactive(this.selectDayBetween.bind(tenant, seriesId, fromDay, toDay)))
			.hasElements();
	}

	@Override
	public Mono<Void> unregister(String tenant, String metric, String seriesId, long timestamp) {
		// The index goes first: a delete that fails half way leaves the series in the
		// catalogue, so retrying the delete finds it again.
		return execute(this.deleteDays.bind(timestamp, tenant, seriesId))
			.then(execute(this.deleteSeries.bind(timestamp, tenant, metric, seriesId)));
	}

	@Override
	public Flux<SeriesRow> seriesOf(String tenant, String metric, String afterId) {
		BoundStatement select = (afterId != null) ? this.selectSeriesAfter.bind(tenant, metric, afterId)
				: this.selectSeries.bind(tenant, metric);
		return Flux.from(this.session.executeReactive(select))
			.map((row) -> new SeriesRow(tenant, metric, Cells.text(row, 0), Cells.tags(row, 1)));
	}

	@Override
	public Mono<Boolean> hasSeries(String tenant, String metric) {
		return Flux.from(this.session.executeReactive(this.selectAnySeries.bind(tenant, metric))).hasElements();
	}

	@Override
	public Mono<Void> deleteMetric(String tenant, String metric, long timestamp) {
		return execute(this.deleteMetric.bind(timestamp, tenant, metric));
	}

	private Mono<Void> execute(Statement<?> statement) {
		return Mono.fromCompletionStage(() -> this.session.executeAsync(statement)).then();
	}

	private record MetricKey(String tenant, String metric) {
	}

}
