package dev.sponge.query;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

import dev.sponge.paging.CursorCodec;
import dev.sponge.points.PointRepository;
import dev.sponge.query.BucketAggregator.Row;
import dev.sponge.query.QueryResponses.AggregatedPage;
import dev.sponge.query.QueryResponses.SeriesRowsView;
import dev.sponge.series.SeriesCatalog;
import dev.sponge.series.SeriesRow;
import dev.sponge.series.TagFilter;
import dev.sponge.tenancy.Tenant;

/**
 * Answers downsampled queries. Points stream series after series and day partition after
 * day partition through one {@link BucketAggregator} per series, so memory holds one
 * bucket per series plus the page's rows, whatever the range. A page stops once it holds
 * {@code limit} rows; its cursor resumes after the last bucket, which is exact because
 * buckets are aligned to the step.
 */
@Service
class AggregatedQueryService {

	private final SeriesCatalog catalog;

	private final PointRepository points;

	private final QueryProperties properties;

	private final Clock clock;

	private final CursorCodec cursors;

	AggregatedQueryService(SeriesCatalog catalog, PointRepository points, QueryProperties properties,
			CursorCodec cursors) {
		this.cursors = cursors;
		this.catalog = catalog;
		this.points = points;
		this.properties = properties;
		this.clock = Clock.systemUTC();
	}

	Mono<AggregatedPage> points(Tenant tenant, String metric, List<String> tagParams, String fromParam, String toParam,
			Integer limitParam, String cursorParam, String stepParam, String aggParam) {
		QueryService.requireMetric(metric);
		List<TagFilter> filters = TagFilter.parseAll(tagParams);
		long step = Step.parseMillis(stepParam);
		List<Aggregation> aggregations = Aggregation.parseAll((aggParam != null) ? aggParam : "avg");
		int limit = this.properties.limit(limitParam);
		List<String> scope = List.of("points-agg", tenant.id(), metric, String.valueOf(tagParams), Long.toString(step),
				Aggregation.names(aggregations));
		PagePosition resume = (cursorParam != null) ? PagePosition.decode(this.cursors, cursorParam, scope) : null;
		QueryRange range = (resume != null) ? resume.range()
				: QueryRange.parse(fromParam, toParam, this.clock.instant(), this.properties.defaultRange(),
						this.properties.maxAggregatedRange(), "sponge.query.max-aggregated-range");
		ScanBudget budget = new ScanBudget(this.properties.maxScannedPoints());
		return this.catalog.matching(tenant, metric, filters, this.properties.maxSeries())
			.filter((row) -> PagePosition.reaches(resume, row.seriesId()))
			.concatMap((row) -> {
				long start = (resume != null && row.seriesId().equals(resume.seriesId())) ? resume.ts() : range.from();
				return buckets(tenant, row, start, range.to(), step, aggregations, budget)
					.map((bucket) -> new Hit(row, bucket));
			}, 0)
			.take(limit + 1L, true)
			.collectList()
			.map((hits) -> page(hits, limit, scope, range, step, aggregations));
	}

	private Flux<Row> buckets(Tenant tenant, SeriesRow series, long from, long to, long step,
			List<Aggregation> aggregations, ScanBudget budget) {
		return Flux.defer(() -> {
			BucketAggregator aggregator = new BucketAggregator(step, aggregations,
					this.properties.maxPercentileBucketPoints());
			return this.points.read(tenant.id(), series.seriesId(), from, to, budget.readLimit())
				.<Row>handle((point, sink) -> {
					budget.spend();
					Row completed = aggregator.add(point.ts(), point.value());
					if (completed != null) {
						sink.next(completed);
					}
				})
				.concatWith(Mono.fromSupplier(aggregator::finish));
		});
	}

	private AggregatedPage page(List<Hit> hits, int limit, List<String> scope, QueryRange range, long step,
			List<Aggregation> aggregations) {
		String next = null;
		List<Hit> included = hits;
		if (hits.size() > limit) {
			included = hits.subList(0, limit);
			Hit last = included.get(limit - 1);
			next = new PagePosition(range, last.series().seriesId(), last.row().start() + step).encode(this.cursors,
					scope);
		}
		List<String> columns = new ArrayList<>();
		columns.add("ts");
		aggregations.forEach((aggregation) -> columns.add(aggregation.column()));
		List<SeriesRowsView> series = new ArrayList<>();
		SeriesRow current = null;
		List<List<Number>> rows = null;
		for (Hit hit : included) {
			if (current == null || !current.seriesId().equals(hit.series().seriesId())) {
				current = hit.series();
				rows = new ArrayList<>();
				series
					.add(new SeriesRowsView(current.seriesId(), current.metric(), current.tags(), step, columns, rows));
			}
			rows.add(hit.row().cells());
		}
		return new AggregatedPage(series, next);
	}

	private record Hit(SeriesRow series, Row row) {
	}

}
