package dev.sponge.series;

import org.springframework.data.cassandra.core.cql.PrimaryKeyType;
import org.springframework.data.cassandra.core.mapping.PrimaryKeyColumn;
import org.springframework.data.cassandra.core.mapping.Table;

/** A row of the {@code metrics} table: one metric name of one tenant. */
@Table("metrics")
record MetricRow(@PrimaryKeyColumn(name = "tenant", ordinal = 0, type = PrimaryKeyType.PARTITIONED) String tenant,
		@PrimaryKeyColumn(name = "metric", ordinal = 1, type = PrimaryKeyType.CLUSTERED) String metric) {
}
