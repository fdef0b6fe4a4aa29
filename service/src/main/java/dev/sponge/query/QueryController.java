package dev.sponge.query;

import java.time.Duration;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.sponge.apidoc.ApiExamples;
import dev.sponge.limits.QueryReadRate;
import dev.sponge.limits.TenantConcurrency;
import dev.sponge.limits.TenantLimit;
import dev.sponge.observability.AuditRecord;
import dev.sponge.problem.ApiProblem;
import dev.sponge.query.QueryResponses.AggregatedPage;
import dev.sponge.query.QueryResponses.GroupedPage;
import dev.sponge.query.QueryResponses.LatestPage;
import dev.sponge.query.QueryResponses.PointsPage;
import dev.sponge.tenancy.Tenant;

/**
 * Read endpoints for points: raw or downsampled ranges with cursor paging, and the newest
 * point per series.
 */
@RestController
class QueryController {

	private final QueryService queries;

	private final AggregatedQueryService aggregated;

	/** Problem type of a query stopped at its deadline. */
	static final String DEADLINE = "urn:sponge:problem:query-deadline";

	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private final TenantConcurrency concurrency;

	private final QueryReadRate readRate;

	private final QueryProperties properties;

	QueryController(QueryService queries, AggregatedQueryService aggregated, TenantConcurrency concurrency,
			QueryReadRate readRate, QueryProperties properties) {
		this.concurrency = concurrency;
		this.readRate = readRate;
		this.properties = properties;
		this.queries = queries;
		this.aggregated = aggregated;
	}

	@Operation(summary = "Raw or downsampled points (READER)",
			description = "Points of every series of the metric that matches all tag filters, ascending by time, "
					+ "series in ascending id order, paged. With step: one row per epoch-aligned step bucket per "
					+ "series holding a point, with the agg columns, read from pre-computed minute or hour rollups "
					+ "where they give the same answer. With step and group_by: one row per bucket per group of "
					+ "series sharing a tag value.")
	@ApiResponse(responseCode = "200",
			description = "A page: raw points (PointsPage) without step, bucket rows (AggregatedPage) with it, "
					+ "bucket rows per group (GroupedPage) with step and group_by",
			content = @Content(mediaType = "application/json",
					schema = @Schema(oneOf = { PointsPage.class, AggregatedPage.class, GroupedPage.class }),
					examples = { @ExampleObject(name = "raw", value = ApiExamples.RAW_PAGE),
							@ExampleObject(name = "downsampled", value = ApiExamples.AGGREGATED_PAGE),
							@ExampleObject(name = "grouped", value = ApiExamples.GROUPED_PAGE) }))
	@GetMapping("/api/v1/points")
	Mono<?> points(Tenant tenant,
			@Parameter(description = ApiExamples.METRIC, required = true,
					example = "room.temperature") @RequestParam(required = false) String metric,
			@Parameter(description = ApiExamples.TAG, example = "site:lab") @RequestParam(name = "tag",
					required = false) List<String> tags,
			@Parameter(
					description = "Start of the range, inclusive: epoch milliseconds, RFC 3339, now or relative "
							+ "(-15m, -1h, -7d); default to minus sponge.query.default-range (1h)",
					example = "-1h") @RequestParam(required = false) String from,
			@Parameter(description = "End of the range, exclusive, in the same forms as from; default now. The "
					+ "range may be at most sponge.query.max-range (31d) raw, sponge.query.max-aggregated-range "
					+ "(400d) with step", example = "now") @RequestParam(required = false) String to,
			@Parameter(
					description = "Points (raw) or rows (with step) per page, 1 to sponge.query.max-limit "
							+ "(10000); default sponge.query.default-limit (1000)",
					example = "1000") @RequestParam(required = false) Integer limit,
			@Parameter(description = ApiExamples.CURSOR) @RequestParam(required = false) String cursor,
			@Parameter(
					description = "Bucket width for downsampling: whole seconds from 1s to 1d, as 30s, 1m, 5m, "
							+ "1h, 1d or ISO-8601 such as PT1M",
					example = "5m") @RequestParam(required = false) String step,
			@Parameter(
					description = "Comma-separated aggregations, one column each: avg min max sum count first "
							+ "last p50 p90 p99 (nearest-rank percentiles); default avg; needs step",
					example = "avg,max,p99") @RequestParam(required = false) String agg,
			@Parameter(
					description = "Tag key to merge series by (needs step): the points of all matching series "
							+ "with the same value of this tag are aggregated as one series, and each entry of series "
							+ "is a group {\"group\": {key: value}, \"members\": n, ...} instead of a series; series "
							+ "without the tag form the group with a null value, listed first",
					example = "site") @RequestParam(name = "group_by", required = false) String groupBy,
			ServerWebExchange exchange) {
		return bounded(tenant,
				Mono.defer(() -> query(tenant, metric, tags, from, to, limit, cursor, step, agg, groupBy, exchange)));
	}

	/**
	 * Runs a query within the tenant's query read rate, its concurrent-query limit and
	 * the deadline; at the deadline the query is cancelled, which cancels its Cassandra
	 * reads.
	 */
	private <T> Mono<T> bounded(Tenant tenant, Mono<T> query) {
		Duration deadline = this.properties.deadline();
		return this.readRate.metered(tenant,
				this.concurrency.within(tenant, TenantLimit.CONCURRENT_QUERIES,
						query.timeout(deadline,
								Mono.error(() -> ApiProblem.unavailable("The query did not finish within " + deadline
										+ " (sponge.query.deadline) and was cancelled; narrow the range or the series, "
										+ "or use a coarser step", RETRY_AFTER)
									.withType(DEADLINE)))));
	}

	private Mono<?> query(Tenant tenant, String metric, List<String> tags, String from, String to, Integer limit,
			String cursor, String step, String agg, String groupBy, ServerWebExchange exchange) {
		if (step != null && groupBy != null) {
			return this.aggregated.groups(tenant, metric, tags, from, to, limit, cursor, step, agg, groupBy)
				.doOnNext((page) -> AuditRecord.points(exchange,
						page.series().stream().mapToLong((group) -> group.rows().size()).sum()));
		}
		if (groupBy != null) {
			return Mono.error(ApiProblem.badRequest("group_by needs a step, e.g. step=1m&group_by=" + groupBy));
		}
		if (step != null) {
			return this.aggregated.points(tenant, metric, tags, from, to, limit, cursor, step, agg)
				.doOnNext((page) -> AuditRecord.points(exchange,
						page.series().stream().mapToLong((series) -> series.rows().size()).sum()));
		}
		if (agg != null) {
			return Mono.error(ApiProblem.badRequest("agg needs a step, e.g. step=1m&agg=" + agg));
		}
		return this.queries.points(tenant, metric, tags, from, to, limit, cursor)
			.doOnNext((page) -> AuditRecord.points(exchange,
					page.series().stream().mapToLong((series) -> series.points().size()).sum()));
	}

	@Operation(summary = "Newest point per series (READER)",
			description = "The newest point by timestamp of every series of the metric that matches all tag "
					+ "filters, whatever order points arrived in")
	@ApiResponse(responseCode = "200", description = "The newest point of each matching series",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = LatestPage.class),
					examples = @ExampleObject(value = ApiExamples.LATEST_PAGE)))
	@GetMapping("/api/v1/latest")
	Mono<LatestPage> latest(Tenant tenant,
			@Parameter(description = ApiExamples.METRIC, required = true,
					example = "room.temperature") @RequestParam(required = false) String metric,
			@Parameter(description = ApiExamples.TAG, example = "site:lab") @RequestParam(name = "tag",
					required = false) List<String> tags,
			ServerWebExchange exchange) {
		return bounded(tenant, Mono.defer(() -> this.queries.latest(tenant, metric, tags)))
			.doOnNext((page) -> AuditRecord.points(exchange, page.series().size()));
	}

}
