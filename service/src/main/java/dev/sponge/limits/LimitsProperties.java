package dev.sponge.limits;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The default per-tenant limits of an instance ({@code sponge.limits.*}), and how far an
 * ADMIN may raise a limit of their tenant. All limits hold per instance, the query cost
 * per query.
 *
 * @param ingestPointsPerSecond points per second a tenant may write, on average
 * @param ingestBurst points a tenant may write at once beyond its rate
 * @param concurrentIngestRequests ingest requests of a tenant in progress at once; keep
 * it below {@code sponge.ingest.admission.max-concurrent-requests}, so one tenant can
 * never take every slot of the instance
 * @param concurrentQueries queries of a tenant in progress at once
 * @param liveStreams live streams a tenant may hold open
 * @param queryPointsPerSecond rows (points, rollup rows, latest values) a tenant's
 * queries may read per second, on average, with ten seconds' worth at once after a quiet
 * spell; a query is admitted while the tenant is not in debt and pays for what it read
 * when it ends
 * @param queryCost partition reads one query (one page) may make: its catalogue and day
 * index reads plus the points and rollup partitions its plan touches (series times days,
 * or months of hour rollups), estimated before the first points read; a query estimated
 * above it is a 400
 * @param activeSeries distinct series a tenant may have written through an instance
 * within the last {@code sponge.series.catalogue-refresh}; a request that would add more
 * new ones is refused, writes to active series never are. Counted among the series the
 * instance remembers ({@code sponge.series.registry-cache-size}), so it is enforced only
 * up to that size
 * @param maxOverrideFactor an ADMIN may set a limit of their tenant from 1 to this many
 * times its default
 * @param idleBucketExpiry how long an unused ingest-rate or query-read-rate bucket is
 * kept; a tenant quiet for longer starts again with a full burst
 */
@Validated
@ConfigurationProperties("sponge.limits")
public record LimitsProperties(@DefaultValue("200000") @Min(1) long ingestPointsPerSecond,
		@DefaultValue("2000000") @Min(1) long ingestBurst, @DefaultValue("16") @Min(1) long concurrentIngestRequests,
		@DefaultValue("16") @Min(1) long concurrentQueries, @DefaultValue("200000") @Min(1) long queryPointsPerSecond,
		@DefaultValue("10") @Min(1) long liveStreams, @DefaultValue("10000") @Min(1) long queryCost,
		@DefaultValue("50000") @Min(1) long activeSeries, @DefaultValue("10") @Min(1) long maxOverrideFactor,
		@DefaultValue("10m") @NotNull Duration idleBucketExpiry) {

	/** The defaults, by limit. */
	Map<TenantLimit, Long> defaults() {
		Map<TenantLimit, Long> defaults = new EnumMap<>(TenantLimit.class);
		defaults.put(TenantLimit.INGEST_POINTS_PER_SECOND, this.ingestPointsPerSecond);
		defaults.put(TenantLimit.INGEST_BURST, this.ingestBurst);
		defaults.put(TenantLimit.CONCURRENT_INGEST_REQUESTS, this.concurrentIngestRequests);
		defaults.put(TenantLimit.CONCURRENT_QUERIES, this.concurrentQueries);
		defaults.put(TenantLimit.QUERY_POINTS_PER_SECOND, this.queryPointsPerSecond);
		defaults.put(TenantLimit.LIVE_STREAMS, this.liveStreams);
		defaults.put(TenantLimit.QUERY_COST, this.queryCost);
		defaults.put(TenantLimit.ACTIVE_SERIES, this.activeSeries);
		return defaults;
	}

}
