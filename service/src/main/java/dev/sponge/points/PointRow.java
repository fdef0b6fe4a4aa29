package dev.sponge.points;

import java.time.Instant;

import org.springframework.data.cassandra.core.cql.PrimaryKeyType;
import org.springframework.data.cassandra.core.mapping.Column;
import org.springframework.data.cassandra.core.mapping.PrimaryKeyColumn;
import org.springframework.data.cassandra.core.mapping.Table;

/**
 * A row of the {@code points} table; the hot paths use {@link PointStore} instead of
 * mapping rows.
 */
@Table("points")
record PointRow(@PrimaryKeyColumn(name = "tenant", ordinal = 0, type = PrimaryKeyType.PARTITIONED) String tenant,
		@PrimaryKeyColumn(name = "series_id", ordinal = 1, type = PrimaryKeyType.PARTITIONED) String seriesId,
		@PrimaryKeyColumn(name = "day", ordinal = 2, type = PrimaryKeyType.PARTITIONED) int day,
		@PrimaryKeyColumn(name = "ts", ordinal = 3, type = PrimaryKeyType.CLUSTERED) Instant ts,
		@Column("value") double value) {
}
