package dev.sponge.points;

import java.time.Instant;
import java.util.Map;

/**
 * The newest point of one series, as stored in {@code latest_by_shard} (or schema version
 * 7's {@code latest}).
 *
 * @param tenant the tenant
 * @param metric the series' metric
 * @param seriesId the series
 * @param tags the series' tags
 * @param ts the point's time
 * @param value the point's value
 */
public record LatestRow(String tenant, String metric, String seriesId, Map<String, String> tags, Instant ts,
		double value) {
}
