package dev.sponge.series;

import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

import dev.sponge.observability.SpongeMetrics;
import dev.sponge.problem.ApiProblem;
import dev.sponge.tenancy.Tenant;

/**
 * The catalogue of series and metric names: registers series as they are first written,
 * and finds the series a query's metric and tag filters select.
 */
@Service
public class SeriesCatalog {

	private final SeriesRepository series;

	private final MetricRepository metrics;

	/** Series this instance has registered; a miss only costs one idempotent upsert. */
	private final Cache<String, Boolean> registered;

	private final SpongeMetrics spongeMetrics;

	SeriesCatalog(SeriesRepository series, MetricRepository metrics, SeriesProperties properties,
			SpongeMetrics spongeMetrics) {
		this.spongeMetrics = spongeMetrics;
		this.series = series;
		this.metrics = metrics;
		this.registered = Caffeine.newBuilder().maximumSize(properties.registryCacheSize()).build();
	}

	/**
	 * Makes sure the series is in the catalogue; writes only the first time this instance
	 * sees it.
	 */
	public Mono<Void> register(Tenant tenant, SeriesKey key, String seriesId) {
		String cacheKey = tenant.id() + '\u0000' + seriesId;
		if (this.registered.getIfPresent(cacheKey) != null) {
			return Mono.empty();
		}
		return this.series.register(tenant.id(), key, seriesId).then(Mono.fromRunnable(() -> {
			this.registered.put(cacheKey, Boolean.TRUE);
			this.spongeMetrics.seriesRegistered();
		}));
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
