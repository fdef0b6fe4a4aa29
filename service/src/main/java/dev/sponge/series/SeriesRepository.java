package dev.sponge.series;

import reactor.core.publisher.Flux;

import org.springframework.data.cassandra.core.mapping.MapId;
import org.springframework.data.cassandra.repository.ReactiveCassandraRepository;

/** The series catalogue; every query names its partition (tenant, metric). */
interface SeriesRepository extends ReactiveCassandraRepository<SeriesRow, MapId>, CatalogWriteOperations {

	/**
	 * Every series of one metric, ascending by id (streams the partition page by page).
	 */
	Flux<SeriesRow> findByTenantAndMetric(String tenant, String metric);

	/** Series of one metric with an id after {@code seriesId}, for paging. */
	Flux<SeriesRow> findByTenantAndMetricAndSeriesIdGreaterThan(String tenant, String metric, String seriesId);

}
