package dev.sponge.promapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.sponge.limits.QueryCostLimit;
import dev.sponge.points.TimeBuckets;
import dev.sponge.promql.Labels;
import dev.sponge.promql.Matcher;
import dev.sponge.promql.PromQLException;
import dev.sponge.query.QueryProperties;
import dev.sponge.series.SeriesCatalog;
import dev.sponge.series.SeriesCatalog.SeriesLimits;
import dev.sponge.series.SeriesNaming;
import dev.sponge.series.SeriesProperties;
import dev.sponge.series.SeriesRow;
import dev.sponge.tenancy.Tenant;

/**
 * Finds the series a PromQL selector names in the series catalogue: {@code __name__} is
 * the metric, every other label a tag of the same name (the mapping remote-write writes
 * with). A selector with an exact metric name reads that metric's catalogue; any other
 * looks at the tenant's metric names first, at most
 * {@code sponge.prom.max-metrics-per-selector} of them. The caps of raw queries apply
 * ({@code sponge.query.max-series}, {@code max-candidate-series},
 * {@code sponge.series.max-scan-rows}).
 */
@Component
class CatalogSelection {

	private final SeriesCatalog catalog;

	private final QueryProperties queries;

	private final PromApiProperties properties;

	private final QueryCostLimit cost;

	private final int maxScanRows;

	CatalogSelection(SeriesCatalog catalog, QueryProperties queries, PromApiProperties properties, QueryCostLimit cost,
			SeriesProperties series) {
		this.catalog = catalog;
		this.cost = cost;
		this.maxScanRows = series.maxScanRows();
		this.queries = queries;
		this.properties = properties;
	}

	/**
	 * The series of the selector with data in {@code [from, to]}, and the reads it took.
	 */
	Mono<Selected> select(Tenant tenant, List<Matcher> matchers, long from, long to) {
		List<Matcher> nameMatchers = matchers.stream().filter((m) -> m.name().equals(Labels.NAME)).toList();
		List<Matcher> tagMatchers = matchers.stream().filter((m) -> !m.name().equals(Labels.NAME)).toList();
		Predicate<Map<String, String>> tags = (t) -> tagMatchers.stream().allMatch((m) -> m.matches(t.get(m.name())));
		SeriesLimits limits = new SeriesLimits(this.queries.maxSeries(), this.queries.maxCandidateSeries(),
				this.queries.candidateCheckConcurrency(), TimeBuckets.dayOf(Math.max(0, from)),
				TimeBuckets.dayOf(Math.max(0, to)));
		return metrics(tenant, nameMatchers).concatMap((metric) -> this.catalog.matching(tenant, metric, tags, limits))
			.reduce(new Selected(new ArrayList<>(), 0), (selected, matches) -> {
				selected.series().addAll(matches.series());
				if (selected.series().size() > this.queries.maxSeries()) {
					throw PromQLException.execution("the selector " + matchers + " matches more than "
							+ this.queries.maxSeries() + " series (sponge.query.max-series)");
				}
				return new Selected(selected.series(), selected.reads() + matches.reads());
			});
	}

	/**
	 * Every catalogued series the selector selects, whatever its data's times, for
	 * listings; at most {@code sponge.series.max-scan-rows} catalogue rows in all are
	 * looked at. The catalogue partitions it reads (one per metric) go to the tenant's
	 * {@code query-cost} limit first.
	 */
	Flux<SeriesRow> browse(Tenant tenant, List<Matcher> matchers) {
		List<Matcher> nameMatchers = matchers.stream().filter((m) -> m.name().equals(Labels.NAME)).toList();
		List<Matcher> tagMatchers = matchers.stream().filter((m) -> !m.name().equals(Labels.NAME)).toList();
		Flux<SeriesRow> rows = metrics(tenant, nameMatchers).collectList()
			.flatMapMany((metrics) -> this.cost.admit(tenant, metrics.size(), "name the metric")
				.thenMany(Flux.fromIterable(metrics))
				.concatMap((metric) -> this.catalog.browse(tenant, metric, List.of(), null)));
		return SeriesCatalog.scanBounded(rows, this.maxScanRows)
			.filter((row) -> tagMatchers.stream().allMatch((m) -> m.matches(row.tags().get(m.name()))));
	}

	/** The tenant's metric names that satisfy {@code nameMatchers}. */
	Flux<String> metrics(Tenant tenant, List<Matcher> nameMatchers) {
		for (Matcher m : nameMatchers) {
			if (m.type() == Matcher.Type.EQ) {
				boolean valid = SeriesNaming.metricProblem(m.value()) == null;
				boolean all = nameMatchers.stream().allMatch((other) -> other.matches(m.value()));
				return (valid && all) ? Flux.just(m.value()) : Flux.empty();
			}
		}
		int max = this.properties.maxMetricsPerSelector();
		return this.catalog.metricNames(tenant, null).take(max + 1L, true).index().map((indexed) -> {
			if (indexed.getT1() >= max) {
				throw PromQLException.execution("the selector names no exact metric, and the tenant has more than "
						+ max + " metrics to look at (sponge.prom.max-metrics-per-selector); name the metric");
			}
			return indexed.getT2();
		}).filter((metric) -> nameMatchers.stream().allMatch((m) -> m.matches(metric)));
	}

	/**
	 * Series a selector matched.
	 *
	 * @param series the series, metric after metric
	 * @param reads catalogue partition reads it took
	 */
	record Selected(List<SeriesRow> series, long reads) {
	}

}
