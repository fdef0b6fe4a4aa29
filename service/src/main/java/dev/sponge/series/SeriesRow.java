package dev.sponge.series;

import java.util.Map;

import org.springframework.data.cassandra.core.cql.PrimaryKeyType;
import org.springframework.data.cassandra.core.mapping.Column;
import org.springframework.data.cassandra.core.mapping.PrimaryKeyColumn;
import org.springframework.data.cassandra.core.mapping.Table;

/** A row of the {@code series} table: one series of one metric of one tenant. */
@Table("series")
public record SeriesRow(
		@PrimaryKeyColumn(name = "tenant", ordinal = 0, type = PrimaryKeyType.PARTITIONED) String tenant,
		@PrimaryKeyColumn(name = "metric", ordinal = 1, type = PrimaryKeyType.PARTITIONED) String metric,
		@PrimaryKeyColumn(name = "series_id", ordinal = 2, type = PrimaryKeyType.CLUSTERED) String seriesId,
		@Column("tags") Map<String, String> tags) {
}
