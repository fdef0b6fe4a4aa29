package dev.sponge.series;

import java.util.List;
import java.util.stream.IntStream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

import dev.sponge.observability.SpongeMetrics;
import dev.sponge.problem.ApiProblem;
import dev.sponge.retention.TenantSettings;
import dev.sponge.tenancy.Tenant;

/**
 * The catalogue of series and metric names: registers series as they are first written,
 * and finds the series a query's metric and tag filters select.
 */
@Service
public class SeriesCatalog {

	/**
	 * Day-index rows one series write has in flight; a backfill spanning many days should
	 * not flood the session.
	 */
	private static final int DAY_INDEX_CONCURRENCY = 8;

	private final SeriesRepository series;

	private final MetricRepository metrics;

	/**
	 * Series this instance has registered, with the tenant's deletion mark at the time; a
	 * miss only costs one idempotent upsert.
	 */
	private final Cache<String, Long> registered;

	/**
	 * Series days this instance has written to the day index, with the settings they were
	 * written under (deletion mark and TTL); expires so the index row's TTL is renewed
	 * while its day is still being written.
	 */
	private final Cache<String, TenantSettings> daysRecorded;

	private final SpongeMetrics spongeMetrics;

	SeriesCatalog(SeriesRepository series, MetricRepository metrics, SeriesProperties properties,
			SpongeMetrics spongeMetrics) {
		this.spongeMetrics = spongeMetrics;
		this.series = series;
		this.metrics = metrics;
		this.registered = Caffeine.newBuilder().maximumSize(properties.registryCacheSize()).build();
		this.daysRecorded = Caffeine.newBuilder()
			.maximumSize(properties.registryCacheSize())
			.expireAfterWrite(properties.dayIndexRefresh())
			.build();
	}

	/**
	 * Makes sure the series is in the catalogue and each of its {@code days} in its day
	 * index; writes only what this instance has not written since the tenant's last
	 * series delete ({@link TenantSettings#deletionMark()}).
	 */
	public Mono<Void> register(Tenant tenant, SeriesKey key, String seriesId, int[] days, TenantSettings settings) {
		Long mark = settings.deletionMark();
		String seriesKey = tenant.id() + '\u0000' + seriesId;
		Mono<Void> catalogue = mark.equals(this.registered.getIfPresent(seriesKey)) ? Mono.empty()
				: this.series.register(tenant.id(), key, seriesId).then(Mono.fromRunnable(() -> {
					this.registered.put(seriesKey, mark);
					this.spongeMetrics.seriesRegistered();
				}));
		Mono<Void> index = Flux.fromStream(() -> IntStream.of(days).boxed())
			.filter((day) -> !writtenUnder(this.daysRecorded.getIfPresent(seriesKey + '\u0000' + day), settings))
			.flatMap(
					(day) -> this.series.recordDay(tenant.id(), seriesId, day, settings.dayIndexTtlSeconds())
						.then(Mono.fromRunnable(() -> this.daysRecorded.put(seriesKey + '\u0000' + day, settings))),
					DAY_INDEX_CONCURRENCY)
			.then();
		return Mono.when(catalogue, index);
	}

	/**
	 * Whether an index row written under {@code written} still serves writes under
	 * {@code current}: no delete since, and a retention change gets the row its new TTL.
	 */
	private static boolean writtenUnder(TenantSettings written, TenantSettings current) {
		return written != null && written.deletionMark() == current.deletionMark()
				&& written.dayIndexTtlSeconds() == current.dayIndexTtlSeconds();
	}

	/**
	 * Series of {@code metric} that match every filter, ascending by id. At most
	 * {@code maxSeries} are returned; more matches are a 400 naming the cap.
	 */
	public Flux<SeriesRow> matching(Tenant tenant, String metric, List<TagFilter> filters, int maxSeries) {
		return browse(tenant, metric, filters, null).index().map((indexed) -> {
			if (indexed.getT1() >= maxSeries) {
				throw ApiProblem.badRequest("The query matches more than " + maxSeries
						+ " series (sponge.query.max-series); narrow it with tag filters");
			}
			return indexed.getT2();
		});
	}

	/**
	 * Series of {@code metric} matching the filters, without the cap: callers take what
	 * they need.
	 */
	public Flux<SeriesRow> browse(Tenant tenant, String metric, List<TagFilter> filters, String afterId) {
		Flux<SeriesRow> rows = (afterId != null)
				? this.series.findByTenantAndMetricAndSeriesIdGreaterThan(tenant.id(), metric, afterId)
				: this.series.findByTenantAndMetric(tenant.id(), metric);
		return rows.filter((row) -> TagFilter.matchesAll(filters, row.tags()));
	}

	/**
	 * Metric names of the tenant in ascending order, after {@code afterMetric} when
	 * given.
	 */
	public Flux<String> metricNames(Tenant tenant, String afterMetric) {
		Flux<MetricRow> rows = (afterMetric != null)
				? this.metrics.findByTenantAndMetricGreaterThan(tenant.id(), afterMetric)
				: this.metrics.findByTenant(tenant.id());
		return rows.map(MetricRow::metric);
	}

}
