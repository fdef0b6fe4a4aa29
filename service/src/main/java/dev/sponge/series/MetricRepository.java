package dev.sponge.series;

import reactor.core.publisher.Flux;

import org.springframework.data.cassandra.core.mapping.MapId;
import org.springframework.data.cassandra.repository.ReactiveCassandraRepository;

/** Metric names per tenant; one partition per tenant. */
interface MetricRepository extends ReactiveCassandraRepository<MetricRow, MapId> {

	Flux<MetricRow> findByTenant(String tenant);

	Flux<MetricRow> findByTenantAndMetricGreaterThan(String tenant, String metric);

}
