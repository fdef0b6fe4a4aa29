package dev.sponge.query;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

import dev.sponge.limits.QueryCostLimit;
import dev.sponge.paging.CursorCodec;
import dev.sponge.query.BucketAggregator.Row;
import dev.sponge.query.QueryResponses.AggregatedPage;
import dev.sponge.query.QueryResponses.GroupRowsView;
import dev.sponge.query.QueryResponses.GroupedPage;
import dev.sponge.query.QueryResponses.SeriesRowsView;
import dev.sponge.rollups.Partial;
import dev.sponge.rollups.RollupColumn;
import dev.sponge.rollups.RollupMarks;
import dev.sponge.rollups.RollupProperties;
import dev.sponge.series.SeriesCatalog;
import dev.sponge.series.SeriesRow;
import dev.sponge.series.TagFilter;
import dev.sponge.tenancy.Tenant;

/**
 * Answers downsampled queries. Each series' range streams, part after part as
 * {@link RollupPlanner} chose (rollup rows or raw points), through one
 * {@link BucketAggregator}, so memory holds one bucket per series plus the page's rows,
 * whatever the range. With {@code group_by}, the series of a group are merged by time
 * before aggregation. A page stops once it holds {@code limit} rows; its cursor resumes
 * after the last bucket, which is exact because buckets are aligned to the step. Before
 * its first points or rollup read a page states its cost (the partitions its plan spans)
 * to the tenant's {@code query-cost} limit.
 */
@Service
class AggregatedQueryService {

	private static final String ADVICE = "use a shorter range, fewer series (tag filters), or a coarser step: "
			+ "a step of whole minutes or hours without percentiles reads rollups, a month of hours in one partition";

	private final SeriesCatalog catalog;

	private final SegmentReader reader;

	private final QueryProperties properties;

	private final RollupProperties rollups;

	private final Clock clock;

	private final CursorCodec cursors;

	private final RollupMarks marks;

	private final QueryCostLimit cost;

	AggregatedQueryService(SeriesCatalog catalog, SegmentReader reader, QueryProperties properties,
			RollupProperties rollups, CursorCodec cursors, RollupMarks marks, QueryCostLimit cost, Clock clock) {
		this.marks = marks;
		this.cost = cost;
		this.cursors = cursors;
		this.catalog = catalog;
		this.reader = reader;
		this.properties = properties;
		this.rollups = rollups;
		this.clock = clock;
	}

	Mono<AggregatedPage> points(Tenant tenant, String metric, List<String> tagParams, String fromParam, String toParam,
			Integer limitParam, String cursorParam, String stepParam, String aggParam) {
		return points(tenant, metric, tagParams, fromParam, toParam, limitParam, cursorParam, stepParam, aggParam,
				this.rollups.enabled());
	}

	/** As the public variant; {@code useRollups} false reads only raw points (tests). */
	Mono<AggregatedPage> points(Tenant tenant, String metric, List<String> tagParams, String fromParam, String toParam,
			Integer limitParam, String cursorParam, String stepParam, String aggParam, boolean useRollups) {
		Query query = query(tenant, metric, tagParams, fromParam, toParam, limitParam, cursorParam, stepParam, aggParam,
				null);
		return this.catalog.matching(tenant, metric, query.filters(), this.properties.seriesLimits(query.range()))
			.flatMapMany((matches) -> {
				List<SeriesRow> series = matches.series()
					.stream()
					.filter((row) -> PagePosition.reaches(query.resume(), row.seriesId()))
					.toList();
				long estimate = matches.reads() + series.stream()
					.mapToLong((row) -> QueryCost.planReads(basePlan(query, row.seriesId(), useRollups)))
					.sum();
				return admitted(tenant, estimate, series);
			})
			.concatMap(
					(row) -> plan(tenant, row, query, row.seriesId(), useRollups)
						.flatMapMany((plan) -> buckets(query,
								this.reader.read(tenant.id(), row.seriesId(), plan, query.budget(), 0,
										query.rollupColumns())))
						.map((bucket) -> new Hit<>(row, row.seriesId(), bucket)),
					0)
			.take(query.limit() + 1L, true)
			.collectList()
			.map((hits) -> new AggregatedPage(views(hits, query, (row, rows) -> new SeriesRowsView(row.seriesId(),
					row.metric(), row.tags(), query.step(), query.columns(), rows)), next(hits, query)));
	}

	Mono<GroupedPage> groups(Tenant tenant, String metric, List<String> tagParams, String fromParam, String toParam,
			Integer limitParam, String cursorParam, String stepParam, String aggParam, String groupBy) {
		return groups(tenant, metric, tagParams, fromParam, toParam, limitParam, cursorParam, stepParam, aggParam,
				groupBy, this.rollups.enabled());
	}

	/** As the public variant; {@code useRollups} false reads only raw points (tests). */
	Mono<GroupedPage> groups(Tenant tenant, String metric, List<String> tagParams, String fromParam, String toParam,
			Integer limitParam, String cursorParam, String stepParam, String aggParam, String groupBy,
			boolean useRollups) {
		String tagKey = SeriesGroups.tagKey(groupBy);
		Query query = query(tenant, metric, tagParams, fromParam, toParam, limitParam, cursorParam, stepParam, aggParam,
				tagKey);
		int pageSize = this.properties.mergePageSize();
		int concurrency = this.properties.mergeConcurrency();
		return this.catalog.matching(tenant, metric, query.filters(), this.properties.seriesLimits(query.range()))
			.flatMapMany((matches) -> {
				List<SeriesGroups.Group> groups = SeriesGroups.of(matches.series(), tagKey)
					.stream()
					.filter((group) -> PagePosition.reaches(query.resume(), group.key()))
					.toList();
				long estimate = matches.reads() + groups.stream()
					.mapToLong((group) -> group.members().size()
							* QueryCost.planReads(basePlan(query, group.key(), useRollups)))
					.sum();
				return admitted(tenant, estimate, groups);
			})
			.concatMap((group) -> Flux.defer(() -> {
				ReadGate gate = new ReadGate(concurrency);
				return Flux.fromIterable(group.members())
					.flatMapSequential((member) -> plan(tenant, member, query, group.key(), useRollups)
						.map((plan) -> gate.gated(this.reader.read(tenant.id(), member.seriesId(), plan, query.budget(),
								pageSize, query.rollupColumns()))),
							concurrency)
					.collectList()
					.flatMapMany((sources) -> buckets(query, SeriesGroups.merge(sources, pageSize)));
			}).map((bucket) -> new Hit<>(group, group.key(), bucket)), 0)
			.take(query.limit() + 1L, true)
			.collectList()
			.map((hits) -> new GroupedPage(views(hits, query, (group, rows) -> new GroupRowsView(group.label(), metric,
					group.members().size(), query.step(), query.columns(), rows)), next(hits, query)));
	}

	private Query query(Tenant tenant, String metric, List<String> tagParams, String fromParam, String toParam,
			Integer limitParam, String cursorParam, String stepParam, String aggParam, String groupBy) {
		QueryService.requireMetric(metric);
		List<TagFilter> filters = TagFilter.parseAll(tagParams);
		long step = Step.parseMillis(stepParam);
		List<Aggregation> aggregations = Aggregation.parseAll((aggParam != null) ? aggParam : "avg");
		int limit = this.properties.limit(limitParam);
		List<String> scope = new ArrayList<>(List.of("points-agg", tenant.id(), metric, String.valueOf(tagParams),
				Long.toString(step), Aggregation.names(aggregations)));
		if (groupBy != null) {
			scope.add("group_by:" + groupBy);
		}
		PagePosition resume = (cursorParam != null) ? PagePosition.decode(this.cursors, cursorParam, scope) : null;
		QueryRange range = (resume != null) ? resume.range()
				: QueryRange.parse(fromParam, toParam, this.clock.instant(), this.properties.defaultRange(),
						this.properties.maxAggregatedRange(), "sponge.query.max-aggregated-range");
		List<String> columns = new ArrayList<>();
		columns.add("ts");
		aggregations.forEach((aggregation) -> columns.add(aggregation.column()));
		return new Query(filters, step, aggregations, List.copyOf(columns), limit, List.copyOf(scope), resume, range,
				new ScanBudget(this.properties.maxScannedPoints()), Aggregation.rollupColumns(aggregations));
	}

	/**
	 * The parts of the range still to read for one series of the series or group at
	 * {@code key}: rollup rows where they are current, raw points elsewhere.
	 */
	private Mono<List<RollupPlanner.Segment>> plan(Tenant tenant, SeriesRow series, Query query, String key,
			boolean useRollups) {
		long start = start(query, key);
		long end = query.range().to();
		List<RollupPlanner.Segment> plan = basePlan(query, key, useRollups);
		if (plan.stream().allMatch((segment) -> segment.resolution() == null)) {
			return Mono.just(plan);
		}
		int max = this.rollups.maxDirtyMinutes();
		return this.marks.dirtyMinutes(tenant.id(), series.metric(), series.seriesId(), start, end, max + 1)
			.collect(TreeSet<Long>::new, TreeSet::add)
			.map((dirty) -> (dirty.size() > max)
					? RollupPlanner.plan(query.step(), query.aggregations(), start, end, false)
					: RollupPlanner.avoiding(plan, dirty));
	}

	/**
	 * The plan of one series of the series or group at {@code key} with every rollup
	 * current: what the query's cost is estimated from, before any read.
	 */
	private static List<RollupPlanner.Segment> basePlan(Query query, String key, boolean useRollups) {
		return RollupPlanner.plan(query.step(), query.aggregations(), start(query, key), query.range().to(),
				useRollups);
	}

	private static long start(Query query, String key) {
		PagePosition resume = query.resume();
		return (resume != null && key.equals(resume.seriesId())) ? resume.ts() : query.range().from();
	}

	/** {@code work}, once the tenant's query-cost limit admits {@code estimate}. */
	private <T> Flux<T> admitted(Tenant tenant, long estimate, List<T> work) {
		return this.cost.admit(tenant, estimate, ADVICE).thenMany(Flux.fromIterable(work));
	}

	private Flux<Row> buckets(Query query, Flux<Partial> parts) {
		return Flux.defer(() -> {
			BucketAggregator aggregator = new BucketAggregator(query.step(), query.aggregations(),
					this.properties.maxPercentileBucketPoints());
			// mapNotNull, not handle: handle restores the thread-locals around every part
			// (spring.reactor.context-propagation=limited), a 1,440-row page 1,440 times.
			return parts.mapNotNull(aggregator::add).concatWith(Mono.fromSupplier(aggregator::finish));
		});
	}

	/** The page's rows, one view per consecutive run of hits of the same owner. */
	private static <T, V> List<V> views(List<Hit<T>> hits, Query query, BiFunction<T, List<List<Number>>, V> view) {
		List<V> views = new ArrayList<>();
		String current = null;
		List<List<Number>> rows = null;
		for (Hit<T> hit : hits.subList(0, Math.min(hits.size(), query.limit()))) {
			if (!hit.key().equals(current)) {
				current = hit.key();
				rows = new ArrayList<>();
				views.add(view.apply(hit.owner(), rows));
			}
			rows.add(hit.row().cells());
		}
		return views;
	}

	private String next(List<? extends Hit<?>> hits, Query query) {
		if (hits.size() <= query.limit()) {
			return null;
		}
		Hit<?> last = hits.get(query.limit() - 1);
		return new PagePosition(query.range(), last.key(), last.row().start() + query.step()).encode(this.cursors,
				query.scope());
	}

	/**
	 * One page's query; {@code rollupColumns} are those its aggregations read, decided
	 * once for every series' reads.
	 */
	private record Query(List<TagFilter> filters, long step, List<Aggregation> aggregations, List<String> columns,
			int limit, List<String> scope, PagePosition resume, QueryRange range, ScanBudget budget,
			Set<RollupColumn> rollupColumns) {
	}

	/**
	 * One bucket row of a series or group; {@code key} orders them and names them in
	 * cursors.
	 */
	private record Hit<T>(T owner, String key, Row row) {
	}

}
