package dev.sponge.query;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.sponge.observability.AuditRecord;
import dev.sponge.problem.ApiProblem;
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

	QueryController(QueryService queries, AggregatedQueryService aggregated) {
		this.queries = queries;
		this.aggregated = aggregated;
	}

	@GetMapping("/api/v1/points")
	Mono<?> points(Tenant tenant, @RequestParam(required = false) String metric,
			@RequestParam(name = "tag", required = false) List<String> tags,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
			@RequestParam(required = false) String step, @RequestParam(required = false) String agg,
			ServerWebExchange exchange) {
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

	@GetMapping("/api/v1/latest")
	Mono<LatestPage> latest(Tenant tenant, @RequestParam(required = false) String metric,
			@RequestParam(name = "tag", required = false) List<String> tags, ServerWebExchange exchange) {
		return this.queries.latest(tenant, metric, tags)
			.doOnNext((page) -> AuditRecord.points(exchange, page.series().size()));
	}

}
