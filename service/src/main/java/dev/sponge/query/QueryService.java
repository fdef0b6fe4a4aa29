package dev.sponge.query;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

import dev.sponge.limits.QueryCostLimit;
import dev.sponge.paging.CursorCodec;
import dev.sponge.points.Point;
import dev.sponge.points.PointRepository;
import dev.sponge.problem.ApiProblem;
import dev.sponge.query.QueryResponses.LatestPage;
import dev.sponge.query.QueryResponses.LatestView;
import dev.sponge.query.QueryResponses.PointsPage;
import dev.sponge.query.QueryResponses.SeriesPointsView;
import dev.sponge.series.SeriesCatalog;
import dev.sponge.series.SeriesNaming;
import dev.sponge.series.SeriesProperties;
import dev.sponge.series.SeriesRow;
import dev.sponge.series.TagFilter;
import dev.sponge.tenancy.Tenant;

/**
 * Answers raw range and latest queries. A page streams series after series and day
 * partition after day partition, and stops reading once it holds {@code limit} points, so
 * memory is bounded by the page size whatever the range. Before its first points read a
 * page states its cost (series times days) to the tenant's {@code query-cost} limit.
 */
@Service
class QueryService {

	private static final String RAW_ADVICE = "use a shorter range, fewer series (tag filters), or a step, "
			+ "which reads hour and minute rollups";

	private final SeriesCatalog catalog;

	private final PointRepository points;

	private final QueryProperties properties;

	private final Clock clock;

	private final CursorCodec cursors;

	private final QueryCostLimit cost;

	private final int maxScanRows;

	QueryService(SeriesCatalog catalog, PointRepository points, QueryProperties properties, CursorCodec cursors,
			QueryCostLimit cost, SeriesProperties series, Clock clock) {
		this.cursors = cursors;
		this.cost = cost;
		this.maxScanRows = series.maxScanRows();
		this.catalog = catalog;
		this.points = points;
		this.properties = properties;
		this.clock = clock;
	}

	Mono<PointsPage> points(Tenant tenant, String metric, List<String> tagParams, String fromParam, String toParam,
			Integer limitParam, String cursorParam) {
		requireMetric(metric);
		List<TagFilter> filters = TagFilter.parseAll(tagParams);
		int limit = this.properties.limit(limitParam);
		List<String> scope = List.of("points", tenant.id(), metric, String.valueOf(tagParams));
		PagePosition resume = (cursorParam != null) ? PagePosition.decode(this.cursors, cursorParam, scope) : null;
		QueryRange range = (resume != null) ? resume.range() : range(fromParam, toParam);
		return this.catalog.matching(tenant, metric, filters, this.properties.seriesLimits(range))
			.flatMapMany((matches) -> {
				List<SeriesRow> series = matches.series()
					.stream()
					.filter((row) -> PagePosition.reaches(resume, row.seriesId()))
					.toList();
				long estimate = matches.reads() + series.stream()
					.mapToLong((row) -> QueryCost.rawReads(start(resume, row, range), range.to()))
					.sum();
				return this.cost.admit(tenant, estimate, RAW_ADVICE).thenMany(Flux.fromIterable(series));
			})
			.concatMap((row) -> this.points
				.read(tenant.id(), row.seriesId(), start(resume, row, range), range.to(), limit + 1)
				.map((point) -> new Hit(row, point)), 0)
			.take(limit + 1L, true)
			.collectList()
			.map((hits) -> page(hits, limit, scope, range));
	}

	Mono<LatestPage> latest(Tenant tenant, String metric, List<String> tagParams) {
		requireMetric(metric);
		List<TagFilter> filters = TagFilter.parseAll(tagParams);
		int maxSeries = this.properties.maxSeries();
		return SeriesCatalog.scanBounded(this.points.latest(tenant.id(), metric), this.maxScanRows)
			.filter((row) -> TagFilter.matchesAll(filters, row.tags()))
			.take(maxSeries + 1L, true)
			.map((row) -> new LatestView(row.seriesId(), row.metric(), row.tags(), row.ts().toEpochMilli(),
					row.value()))
			.collectList()
			.map((views) -> {
				if (views.size() > maxSeries) {
					throw ApiProblem.overCap("query-series", "sponge.query.max-series", maxSeries,
							"The query matches more than " + maxSeries
									+ " series (sponge.query.max-series); narrow it with tag filters");
				}
				return new LatestPage(views);
			});
	}

	/**
	 * Where the page reads {@code row} from: after the cursor's point, or the range's
	 * start.
	 */
	private static long start(PagePosition resume, SeriesRow row, QueryRange range) {
		return (resume != null && row.seriesId().equals(resume.seriesId())) ? resume.ts() + 1 : range.from();
	}

	private QueryRange range(String fromParam, String toParam) {
		return QueryRange.parse(fromParam, toParam, this.clock.instant(), this.properties.defaultRange(),
				this.properties.maxRange(), "sponge.query.max-range");
	}

	private PointsPage page(List<Hit> hits, int limit, List<String> scope, QueryRange range) {
		String next = null;
		List<Hit> included = hits;
		if (hits.size() > limit) {
			included = hits.subList(0, limit);
			Hit last = included.get(limit - 1);
			next = new PagePosition(range, last.row().seriesId(), last.point().ts()).encode(this.cursors, scope);
		}
		List<SeriesPointsView> series = new ArrayList<>();
		SeriesRow current = null;
		List<List<Number>> currentPoints = null;
		for (Hit hit : included) {
			if (current == null || !current.seriesId().equals(hit.row().seriesId())) {
				current = hit.row();
				currentPoints = new ArrayList<>();
				series.add(new SeriesPointsView(current.seriesId(), current.metric(), current.tags(), currentPoints));
			}
			currentPoints.add(List.of(hit.point().ts(), hit.point().value()));
		}
		return new PointsPage(series, next);
	}

	static void requireMetric(String metric) {
		if (metric == null) {
			throw ApiProblem.badRequest("The metric parameter is required");
		}
		String problem = SeriesNaming.metricProblem(metric);
		if (problem != null) {
			throw ApiProblem.badRequest("metric " + problem);
		}
	}

	private record Hit(SeriesRow row, Point point) {
	}

}
