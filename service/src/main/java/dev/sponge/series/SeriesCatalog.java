package dev.sponge.series;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

import dev.sponge.cassandra.BatchLimits;
import dev.sponge.observability.SpongeMetrics;
import dev.sponge.problem.ApiProblem;
import dev.sponge.retention.TenantSettings;
import dev.sponge.series.CatalogWriteOperations.SeriesDay;
import dev.sponge.series.RegisteredSeries.SeriesRef;
import dev.sponge.tenancy.Tenant;

/**
 * The catalogue of series and metric names: registers series as they are first written,
 * and finds the series a query's metric and tag filters select.
 */
@Service
public class SeriesCatalog {

	private final SeriesRepository series;

	private final MetricRepository metrics;

	/** Series this instance registered within the refresh: the tenants' active series. */
	private final RegisteredSeries registered;

	private final Duration catalogueRefresh;

	/**
	 * Series days this instance has written to the day index, with the settings they were
	 * written under (deletion mark and TTL); expires so the index row's TTL is renewed
	 * while its day is still being written.
	 */
	private final Cache<SeriesDayRef, TenantSettings> daysRecorded;

	private final SpongeMetrics spongeMetrics;

	private final int maxScanRows;

	SeriesCatalog(SeriesRepository series, MetricRepository metrics, SeriesProperties properties,
			SpongeMetrics spongeMetrics, Clock clock) {
		this.spongeMetrics = spongeMetrics;
		this.series = series;
		this.metrics = metrics;
		this.catalogueRefresh = properties.catalogueRefresh();
		this.maxScanRows = properties.maxScanRows();
		this.registered = new RegisteredSeries(properties, clock);
		this.daysRecorded = Caffeine.newBuilder()
			.maximumSize(properties.registryCacheSize())
			.expireAfterWrite(properties.dayIndexRefresh())
			.build();
	}

	/**
	 * Makes sure every series is in the catalogue and each of its days in its day index;
	 * writes only what this instance has not written since the tenant's last series
	 * delete ({@link TenantSettings#deletionMark()}). New series of one metric go as
	 * batches of that metric's catalogue partition, and day-index rows as batches of
	 * partitions that share their replicas, so registering a series costs a share of two
	 * batches.
	 * @param batches most rows (and partitions) per batch
	 * @param concurrency most statements in flight at once
	 */
	public Mono<Void> register(Tenant tenant, List<Registration> registrations, TenantSettings settings,
			BatchLimits batches, int concurrency) {
		return Mono.defer(() -> {
			long deletionMark = settings.deletionMark();
			int ttlSeconds = settings.catalogueTtlSeconds(this.catalogueRefresh);
			Map<String, List<Registration>> unknownByMetric = new LinkedHashMap<>();
			List<DayEntry> unrecordedDays = new ArrayList<>();
			for (Registration registration : registrations) {
				SeriesRef seriesKey = new SeriesRef(tenant.id(), registration.id());
				if (!this.registered.writtenUnder(seriesKey, deletionMark, ttlSeconds)) {
					unknownByMetric.computeIfAbsent(registration.key().metric(), (metric) -> new ArrayList<>())
						.add(registration);
				}
				for (int day : registration.days()) {
					SeriesDayRef dayKey = new SeriesDayRef(seriesKey, day);
					if (!writtenUnder(this.daysRecorded.getIfPresent(dayKey), settings)) {
						unrecordedDays.add(new DayEntry(registration.id(), day, dayKey));
					}
				}
			}
			Flux<Void> catalogue = Flux.fromIterable(unknownByMetric.entrySet())
				.flatMap((unknown) -> this.series
					.registerAll(tenant.id(), unknown.getKey(),
							unknown.getValue().stream().map(Registration::key).toList(), ttlSeconds)
					.then(Mono.fromRunnable(() -> unknown.getValue().forEach((registration) -> {
						this.registered.written(tenant.id(), new SeriesRef(tenant.id(), registration.id()),
								deletionMark, ttlSeconds);
						this.spongeMetrics.seriesRegistered();
					}))), concurrency);
			Mono<Void> index = unrecordedDays.isEmpty() ? Mono.empty() : this.series
				.recordDays(tenant.id(),
						unrecordedDays.stream().map((day) -> new SeriesDay(day.seriesId(), day.day())).toList(),
						settings.dayIndexTtlSeconds(), batches, concurrency)
				.then(Mono.fromRunnable(
						() -> unrecordedDays.forEach((day) -> this.daysRecorded.put(day.cacheKey(), settings))));
			return Mono.when(catalogue, index);
		});
	}

	/**
	 * Admits the series of a request that are new to this instance (not registered here
	 * within the refresh) as the tenant's active series, unless the tenant would then
	 * have more than {@code maxActive}: then admits none and says how crowded the tenant
	 * is. Series this instance remembers are always admitted and never counted twice. No
	 * I/O: the count is this instance's memory.
	 */
	public Optional<Crowded> admit(Tenant tenant, List<Registration> registrations, long maxActive) {
		return this.registered.admit(tenant.id(),
				registrations.stream().map((registration) -> new SeriesRef(tenant.id(), registration.id())).toList(),
				maxActive);
	}

	/** The tenant's active series on this instance. */
	public long activeSeries(Tenant tenant) {
		return this.registered.active(tenant.id());
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
	 * Series of {@code metric} that match every filter, ascending by id, for a query of
	 * the days {@code limits.fromDay()} to {@code limits.toDay()}, and the partition
	 * reads that took. When the catalogue matches at most {@code limits.maxSeries()},
	 * they are all returned with no further read. When it matches more (series whose
	 * points expired, say, with churning tag values), only those whose day index names a
	 * day of the range are returned, one small read per candidate; more than
	 * {@code limits.maxSeries()} of those, more than {@code limits.maxCandidates()}
	 * candidates, or more than {@code sponge.series.max-scan-rows} catalogue rows read,
	 * is a 400 naming the cap.
	 */
	public Mono<Matches> matching(Tenant tenant, String metric, List<TagFilter> filters, SeriesLimits limits) {
		return matching(tenant, metric, (tags) -> TagFilter.matchesAll(filters, tags), limits);
	}

	/**
	 * As {@link #matching(Tenant, String, List, SeriesLimits)}, with any test of a
	 * series' tags (PromQL's label matchers, say) in place of tag filters.
	 */
	public Mono<Matches> matching(Tenant tenant, String metric, Predicate<Map<String, String>> tags,
			SeriesLimits limits) {
		return scanBounded(rows(tenant, metric, null), this.maxScanRows).filter((row) -> tags.test(row.tags()))
			.take(limits.maxCandidates() + 1L, true)
			.collectList()
			.flatMap((candidates) -> {
				if (candidates.size() <= limits.maxSeries()) {
					return Mono.just(new Matches(candidates, 1));
				}
				if (candidates.size() > limits.maxCandidates()) {
					throw ApiProblem.overCap("query-candidate-series", "sponge.query.max-candidate-series",
							limits.maxCandidates(),
							"The query's metric and tag filters match more than " + limits.maxCandidates()
									+ " series in the catalogue (sponge.query.max-candidate-series); narrow it with tag filters");
				}
				// Decided before the first points read, so the answer never depends on
				// how far a page reads.
				return Flux.fromIterable(candidates)
					.flatMapSequential((row) -> this.series
						.hasDayBetween(tenant.id(), row.seriesId(), limits.fromDay(), limits.toDay())
						.filter(Boolean::booleanValue)
						.map((hasData) -> row), limits.checkConcurrency())
					.take(limits.maxSeries() + 1L, true)
					.collectList()
					.map((withData) -> {
						if (withData.size() > limits.maxSeries()) {
							throw ApiProblem.overCap("query-series", "sponge.query.max-series", limits.maxSeries(),
									"The query matches more than " + limits.maxSeries()
											+ " series with data in its range (sponge.query.max-series); narrow it with tag filters or the range");
						}
						return new Matches(withData, 1L + candidates.size());
					});
			});
	}

	/**
	 * The series a query reads, and what finding them cost.
	 *
	 * @param series the series, ascending by id
	 * @param reads partition reads made to find them: the catalogue partition, and one
	 * day-index read per candidate when they were checked
	 */
	public record Matches(List<SeriesRow> series, long reads) {
	}

	/**
	 * How many series a query may match, and the UTC days of its range.
	 *
	 * @param maxSeries most series with data in the range
	 * @param maxCandidates most catalogue series matching the metric and filters
	 * @param checkConcurrency day-index reads at once
	 * @param fromDay first day of the range (days since the epoch)
	 * @param toDay last day of the range, inclusive
	 */
	public record SeriesLimits(int maxSeries, int maxCandidates, int checkConcurrency, int fromDay, int toDay) {
	}

	/**
	 * Series of {@code metric} matching the filters, without a cap on matches (callers
	 * take what they need), but failing with a 400 once more than
	 * {@code sponge.series.max-scan-rows} catalogue rows were read to find them.
	 */
	public Flux<SeriesRow> browse(Tenant tenant, String metric, List<TagFilter> filters, String afterId) {
		return scanBounded(rows(tenant, metric, afterId), this.maxScanRows)
			.filter((row) -> TagFilter.matchesAll(filters, row.tags()));
	}

	/**
	 * Every series of {@code metric}, after {@code afterId} when given, ascending by id.
	 */
	Flux<SeriesRow> rows(Tenant tenant, String metric, String afterId) {
		return this.series.seriesOf(tenant.id(), metric, afterId);
	}

	/**
	 * {@code rows} of a metric's catalogue or latest values, read to match tag filters in
	 * the service: a 400 naming {@code sponge.series.max-scan-rows} once more than
	 * {@code maxRows} were read, so a filter that matches nothing never reads a whole
	 * large partition.
	 */
	public static <T> Flux<T> scanBounded(Flux<T> rows, int maxRows) {
		return rows.take(maxRows + 1L, true).index((index, row) -> {
			if (index >= maxRows) {
				throw ApiProblem.overCap("catalogue-scan", "sponge.series.max-scan-rows", maxRows,
						"The query's tag filters are matched against the metric's series in the service, and the "
								+ "metric has more than " + maxRows + " (sponge.series.max-scan-rows); query a "
								+ "metric with fewer series");
			}
			return row;
		});
	}

	/**
	 * The first {@code count} distinct tag keys, or values of {@code key} when it is
	 * given, of the series of {@code metric} that match every filter, in ascending code
	 * point order, after {@code after} when given. Reads the metric's one catalogue
	 * partition (a 400 beyond {@code sponge.series.max-scan-rows} rows, as for queries)
	 * and holds at most {@code count} names while it does.
	 */
	public Mono<List<String>> tagNames(Tenant tenant, String metric, String key, List<TagFilter> filters, String after,
			int count) {
		return browse(tenant, metric, filters, null)
			.flatMapIterable((row) -> (key == null) ? row.tags().keySet()
					: (row.tags().containsKey(key) ? List.of(row.tags().get(key)) : List.of()))
			.filter((name) -> after == null || TagNames.ORDER.compare(name, after) > 0)
			.collect(() -> new TagNames(count), TagNames::add)
			.map(TagNames::sorted);
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

	/**
	 * A series a request writes, and the UTC days its points fall on.
	 *
	 * @param key the series
	 * @param id the series' id ({@link SeriesKey#id()})
	 * @param days the days, ascending
	 */
	public record Registration(SeriesKey key, String id, int[] days) {
	}

	/**
	 * A request refused by the active-series limit.
	 *
	 * @param active the tenant's active series on this instance
	 * @param adding series new to this instance the request would add
	 * @param retryAfter when enough active series will have left for the request to fit
	 * (at least a second, at most the catalogue refresh)
	 */
	public record Crowded(long active, int adding, Duration retryAfter) {
	}

	/** The key of a series' day in the day index. */
	private record SeriesDayRef(SeriesRef series, int day) {
	}

	/** A day-index row to write, and its key in {@link #daysRecorded}. */
	private record DayEntry(String seriesId, int day, SeriesDayRef cacheKey) {
	}

}
