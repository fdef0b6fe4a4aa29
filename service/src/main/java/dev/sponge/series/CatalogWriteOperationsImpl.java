package dev.sponge.series;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import reactor.core.publisher.Mono;

import dev.sponge.cassandra.SpongeCassandraProperties;

/** Writes the series row and the metric row of a newly seen series. */
class CatalogWriteOperationsImpl implements CatalogWriteOperations {

	private final CqlSession session;

	private final PreparedStatement insertSeries;

	private final PreparedStatement insertMetric;

	CatalogWriteOperationsImpl(CqlSession session, SpongeCassandraProperties properties) {
		this.session = session;
		this.insertSeries = session.prepare(com.datastax.oss.driver.api.core.cql.SimpleStatement
			.newInstance("INSERT INTO series (tenant, metric, series_id, tags) VALUES (?, ?, ?, ?)")
			.setConsistencyLevel(properties.writeConsistency())
			.setIdempotent(true));
		this.insertMetric = session.prepare(com.datastax.oss.driver.api.core.cql.SimpleStatement
			.newInstance("INSERT INTO metrics (tenant, metric) VALUES (?, ?)")
			.setConsistencyLevel(properties.writeConsistency())
			.setIdempotent(true));
	}

	@Override
	public Mono<Void> register(String tenant, SeriesKey key, String seriesId) {
		Mono<?> series = Mono.fromCompletionStage(
				() -> this.session.executeAsync(this.insertSeries.bind(tenant, key.metric(), seriesId, key.tags())));
		Mono<?> metric = Mono
			.fromCompletionStage(() -> this.session.executeAsync(this.insertMetric.bind(tenant, key.metric())));
		return Mono.when(series, metric);
	}

}
