package dev.sponge.points;

import reactor.core.publisher.Flux;

import org.springframework.data.cassandra.core.mapping.MapId;
import org.springframework.data.cassandra.repository.ReactiveCassandraRepository;

/** Newest point per series: one partition read per (tenant, metric). */
public interface LatestRepository extends ReactiveCassandraRepository<LatestRow, MapId> {

	Flux<LatestRow> findByTenantAndMetric(String tenant, String metric);

}
