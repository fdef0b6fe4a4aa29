package dev.sponge.promapi;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.sponge.limits.QueryCostLimit;
import dev.sponge.limits.QueryReadRate;
import dev.sponge.limits.TenantConcurrency;
import dev.sponge.limits.TenantLimit;
import dev.sponge.observability.AuditRecord;
import dev.sponge.points.PointRepository;
import dev.sponge.problem.ApiProblem;
import dev.sponge.promql.EvaluationSettings;
import dev.sponge.promql.Evaluator;
import dev.sponge.promql.Expr;
import dev.sponge.query.QueryProperties;
import dev.sponge.tenancy.Tenant;

/**
 * The query endpoints of Prometheus' HTTP API, GET or form POST, for Grafana's Prometheus
 * data source: {@code https://<edge>/api/prom}.
 */
@RestController
@RequestMapping("/api/prom/api/v1")
class PromApiController {

	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private static final String OK = "success: Prometheus' envelope, data as the endpoint gives it (for queries: "
			+ "resultType and result, values as strings)";

	private static final String OK_EXAMPLE = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
			+ "[{\"metric\":{\"job\":\"api\"},\"value\":[1764057600,\"0.25\"]}]}}";

	private final Evaluator evaluator;

	private final CatalogSelection selection;

	private final PointRepository points;

	private final QueryCostLimit cost;

	private final TenantConcurrency concurrency;

	private final QueryReadRate readRate;

	private final QueryProperties queries;

	private final PromApiProperties properties;

	private final Labelling labelling;

	private final Clock clock;

	PromApiController(CatalogSelection selection, PointRepository points, QueryCostLimit cost,
			TenantConcurrency concurrency, QueryReadRate readRate, QueryProperties queries,
			PromApiProperties properties, Labelling labelling, Clock clock) {
		this.selection = selection;
		this.points = points;
		this.cost = cost;
		this.concurrency = concurrency;
		this.readRate = readRate;
		this.queries = queries;
		this.properties = properties;
		this.labelling = labelling;
		this.clock = clock;
		this.evaluator = new Evaluator(new EvaluationSettings(properties.lookbackDelta().toMillis(),
				properties.defaultSubqueryStep().toMillis(), properties.maxPointsPerSeries()));
	}

	@Operation(summary = "PromQL instant query (READER)",
			description = "Prometheus' /api/v1/query: the PromQL expression evaluated at one time, over the "
					+ "tenant's points; GET or form POST")
	@PromErrorResponses
	@ApiResponse(responseCode = "200", description = OK,
			content = @Content(mediaType = "application/json", examples = @ExampleObject(value = OK_EXAMPLE)))
	@RequestMapping(path = "/query", method = { RequestMethod.GET, RequestMethod.POST })
	@Parameter(name = "query", in = ParameterIn.QUERY, description = "PromQL expression",
			example = "sum by (job) (rate(http_requests_total[5m]))", required = true)
	@Parameter(name = "time", in = ParameterIn.QUERY,
			description = "Evaluation time: RFC 3339 or Unix seconds; default now")
	Mono<ResponseEntity<PromResponse>> query(Tenant tenant, ServerWebExchange exchange) {
		return answer(exchange, (params) -> {
			Expr expr = params.query();
			long at = params.time("time", this.clock.millis());
			return bounded(tenant, Mono.defer(() -> this.evaluator.instant(expr, at, samples(tenant))))
				.map((result) -> {
					AuditRecord.points(exchange, result.points());
					return PromResponse.queryData(result);
				});
		});
	}

	@Operation(summary = "PromQL range query (READER)",
			description = "Prometheus' /api/v1/query_range: the PromQL expression evaluated at every step from "
					+ "start to end; GET or form POST")
	@PromErrorResponses
	@ApiResponse(responseCode = "200", description = OK,
			content = @Content(mediaType = "application/json", examples = @ExampleObject(value = OK_EXAMPLE)))
	@RequestMapping(path = "/query_range", method = { RequestMethod.GET, RequestMethod.POST })
	@Parameter(name = "query", in = ParameterIn.QUERY, description = "PromQL expression", required = true)
	@Parameter(name = "start", in = ParameterIn.QUERY, description = "Start: RFC 3339 or Unix seconds", required = true)
	@Parameter(name = "end", in = ParameterIn.QUERY, description = "End: RFC 3339 or Unix seconds", required = true)
	@Parameter(name = "step", in = ParameterIn.QUERY, description = "Step: a duration (15s, 1m) or seconds",
			required = true)
	Mono<ResponseEntity<PromResponse>> queryRange(Tenant tenant, ServerWebExchange exchange) {
		return answer(exchange, (params) -> {
			Expr expr = params.query();
			long from = params.requiredTime("start");
			long to = params.requiredTime("end");
			long stepMillis = params.step();
			return bounded(tenant, Mono.defer(() -> this.evaluator.range(expr, from, to, stepMillis, samples(tenant))))
				.map((result) -> {
					AuditRecord.points(exchange, result.points());
					return PromResponse.queryData(result);
				});
		});
	}

	@Operation(summary = "Series matching selectors (READER)",
			description = "Prometheus' /api/v1/series: the label sets of the series the match[] selectors select, "
					+ "from the series catalogue")
	@PromErrorResponses
	@ApiResponse(responseCode = "200", description = OK,
			content = @Content(mediaType = "application/json", examples = @ExampleObject(value = OK_EXAMPLE)))
	@RequestMapping(path = "/series", method = { RequestMethod.GET, RequestMethod.POST })
	@Parameter(name = "match[]", in = ParameterIn.QUERY, description = "Series selector; repeat for several",
			required = true)
	Mono<ResponseEntity<PromResponse>> series(Tenant tenant, ServerWebExchange exchange) {
		return answer(exchange, (params) -> {
			if (params.all("match[]").isEmpty()) {
				throw new PromParams.BadData("no match[] parameter provided");
			}
			return bounded(tenant, this.labelling.series(tenant, params.all("match[]")));
		});
	}

	@Operation(summary = "Label names (READER)",
			description = "Prometheus' /api/v1/labels: label names of the series match[] selects, or of all the "
					+ "tenant's series")
	@PromErrorResponses
	@ApiResponse(responseCode = "200", description = OK,
			content = @Content(mediaType = "application/json", examples = @ExampleObject(value = OK_EXAMPLE)))
	@RequestMapping(path = "/labels", method = { RequestMethod.GET, RequestMethod.POST })
	@Parameter(name = "match[]", in = ParameterIn.QUERY, description = "Series selector; repeat for several")
	Mono<ResponseEntity<PromResponse>> labels(Tenant tenant, ServerWebExchange exchange) {
		return answer(exchange, (params) -> bounded(tenant, this.labelling.names(tenant, params.all("match[]"))));
	}

	@Operation(summary = "Values of one label (READER)",
			description = "Prometheus' /api/v1/label/<name>/values: values of the label among the series "
					+ "match[] selects, or all the tenant's series; __name__ lists metric names")
	@PromErrorResponses
	@ApiResponse(responseCode = "200", description = OK,
			content = @Content(mediaType = "application/json", examples = @ExampleObject(value = OK_EXAMPLE)))
	@RequestMapping(path = "/label/{name}/values", method = RequestMethod.GET)
	@Parameter(name = "match[]", in = ParameterIn.QUERY, description = "Series selector; repeat for several")
	Mono<ResponseEntity<PromResponse>> labelValues(Tenant tenant,
			@Parameter(description = "Label name; __name__ for metric names",
					example = "job") @PathVariable String name,
			ServerWebExchange exchange) {
		return answer(exchange,
				(params) -> bounded(tenant, this.labelling.values(tenant, name, params.all("match[]"))));
	}

	@Operation(summary = "Metric metadata (READER)",
			description = "Prometheus' /api/v1/metadata: Sponge keeps no metric types, help or units, so the "
					+ "answer is always an empty object")
	@RequestMapping(path = "/metadata", method = RequestMethod.GET)
	Mono<ResponseEntity<PromResponse>> metadata(Tenant tenant) {
		return Mono.just(ResponseEntity.ok(PromResponse.success(Map.of())));
	}

	@Operation(summary = "Build information (READER)",
			description = "Prometheus' /api/v1/status/buildinfo: the Prometheus version whose query API Sponge "
					+ "answers like, so clients pick the right features")
	@RequestMapping(path = "/status/buildinfo", method = RequestMethod.GET)
	Mono<ResponseEntity<PromResponse>> buildinfo(Tenant tenant) {
		Map<String, String> info = new LinkedHashMap<>();
		info.put("version", "2.42.0");
		info.put("revision", "sponge");
		info.put("branch", "");
		info.put("buildUser", "");
		info.put("buildDate", "");
		info.put("goVersion", "");
		return Mono.just(ResponseEntity.ok(PromResponse.success(info)));
	}

	private StoredSamples samples(Tenant tenant) {
		return new StoredSamples(tenant, this.selection, this.points, this.cost, this.properties.maxSamples(),
				this.queries.mergeConcurrency(), this.properties.readPageSize());
	}

	/**
	 * Within the tenant's query read rate, its concurrent-query limit and
	 * {@code sponge.query.deadline}; at the deadline the query and its reads are
	 * cancelled.
	 */
	private <T> Mono<T> bounded(Tenant tenant, Mono<T> work) {
		Duration deadline = this.queries.deadline();
		return this.readRate.metered(tenant, this.concurrency.within(tenant, TenantLimit.CONCURRENT_QUERIES,
				work.timeout(deadline, Mono.error(() -> ApiProblem.unavailable(
						"The query did not finish within " + deadline + " (sponge.query.deadline) and was cancelled",
						RETRY_AFTER)))));
	}

	/** The request's parameters, its answer in Prometheus' envelope, failures too. */
	private Mono<ResponseEntity<PromResponse>> answer(ServerWebExchange exchange,
			java.util.function.Function<PromParams, Mono<?>> handler) {
		return params(exchange).flatMap((params) -> Mono.defer(() -> handler.apply(params)))
			.map((data) -> ResponseEntity.ok(PromResponse.success(data)))
			.onErrorResume(PromErrors::response);
	}

	private static Mono<PromParams> params(ServerWebExchange exchange) {
		return exchange.getFormData().map((form) -> {
			MultiValueMap<String, String> all = new LinkedMultiValueMap<>(exchange.getRequest().getQueryParams());
			form.forEach((name, values) -> all.addAll(name, values));
			return new PromParams(all);
		});
	}

}
