package dev.sponge.observability;

import java.util.List;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.cassandra.autoconfigure.CqlSessionBuilderCustomizer;
import org.springframework.boot.cassandra.autoconfigure.DriverConfigLoaderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Cassandra layer of "latency at both layers": the driver's own metrics published
 * through Micrometer, with tags (not names) for the session and the node, so each
 * Cassandra node's latency and pool are visible by themselves under bounded names
 * ({@code cassandra_session_*}, {@code cassandra_nodes_*}).
 */
@Configuration(proxyBeanMethods = false)
class CassandraMetricsConfiguration {

	static final List<String> SESSION_METRICS = List.of("bytes-sent", "bytes-received", "connected-nodes",
			"cql-requests", "cql-client-timeouts", "cql-prepared-cache-size", "throttling.delay",
			"throttling.queue-size", "throttling.errors");

	static final List<String> NODE_METRICS = List.of("pool.open-connections", "pool.available-streams",
			"pool.in-flight", "pool.orphaned-streams", "cql-messages", "errors.request.unsent",
			"errors.request.aborted", "errors.request.write-timeouts", "errors.request.read-timeouts",
			"errors.request.unavailables", "errors.request.others", "retries.total", "speculative-executions",
			"errors.connection.init", "errors.connection.auth");

	@Bean
	DriverConfigLoaderBuilderCustomizer cassandraDriverMetrics() {
		return (builder) -> builder.withString(DefaultDriverOption.SESSION_NAME, "sponge")
			.withString(DefaultDriverOption.METRICS_FACTORY_CLASS, "MicrometerMetricsFactory")
			.withString(DefaultDriverOption.METRICS_ID_GENERATOR_CLASS, "TaggingMetricIdGenerator")
			.withString(DefaultDriverOption.METRICS_ID_GENERATOR_PREFIX, "cassandra")
			.withBoolean(DefaultDriverOption.METRICS_GENERATE_AGGREGABLE_HISTOGRAMS, true)
			.withStringList(DefaultDriverOption.METRICS_SESSION_ENABLED, SESSION_METRICS)
			.withStringList(DefaultDriverOption.METRICS_NODE_ENABLED, NODE_METRICS);
	}

	@Bean
	CqlSessionBuilderCustomizer cassandraMeterRegistry(MeterRegistry registry) {
		return (builder) -> builder.withMetricRegistry(registry);
	}

}
