package dev.sponge.series;

import org.springframework.data.cassandra.core.mapping.MapId;
import org.springframework.data.cassandra.repository.ReactiveCassandraRepository;

/** The series catalogue; every query names its partition (tenant, metric). */
interface SeriesRepository extends ReactiveCassandraRepository<SeriesRow, MapId>, CatalogWriteOperations {

}
