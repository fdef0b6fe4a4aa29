package dev.sponge.points;

import java.time.Instant;
import java.util.Map;

import org.springframework.data.cassandra.core.cql.PrimaryKeyType;
import org.springframework.data.cassandra.core.mapping.Column;
import org.springframework.data.cassandra.core.mapping.PrimaryKeyColumn;
import org.springframework.data.cassandra.core.mapping.Table;

/** A row of the {@code latest} table: the newest point of one series. */
@Table("latest")
public record LatestRow(
		@PrimaryKeyColumn(name = "tenant", ordinal = 0, type = PrimaryKeyType.PARTITIONED) String tenant,
		@PrimaryKeyColumn(name = "metric", ordinal = 1, type = PrimaryKeyType.PARTITIONED) String metric,
		@PrimaryKeyColumn(name = "series_id", ordinal = 2, type = PrimaryKeyType.CLUSTERED) String seriesId,
		@Column("tags") Map<String, String> tags, @Column("ts") Instant ts, @Column("value") double value) {
}
