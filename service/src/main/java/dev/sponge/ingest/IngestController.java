package dev.sponge.ingest;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.sponge.apidoc.ApiExamples;
import dev.sponge.observability.AuditRecord;
import dev.sponge.tenancy.Tenant;

/**
 * {@code POST /api/v1/points}: a JSON array of series objects, or one series object per
 * line as {@code application/x-ndjson}. Answers once every point is durably written.
 */
@RestController
class IngestController {

	static final String NDJSON = "application/x-ndjson";

	private final IngestService ingest;

	private final PointsIngest points;

	IngestController(IngestService ingest, PointsIngest points) {
		this.ingest = ingest;
		this.points = points;
	}

	@Operation(summary = "Ingest points (WRITER)",
			description = "A JSON array of series objects, or application/x-ndjson with one series object per line "
					+ "(streamed, any number of lines). Answers once every point is written at the configured "
					+ "consistency; the same series and timestamp overwrite, so retries are safe.",
			requestBody = @RequestBody(required = true,
					content = {
							@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
									array = @ArraySchema(schema = @Schema(implementation = SeriesObject.class)),
									examples = @ExampleObject(value = ApiExamples.INGEST_BODY)),
							@Content(mediaType = NDJSON, schema = @Schema(implementation = SeriesObject.class),
									examples = @ExampleObject(value = ApiExamples.INGEST_NDJSON)) }))
	@ApiResponse(responseCode = "200", description = "Every point is written",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = IngestResult.class),
					examples = @ExampleObject(value = ApiExamples.INGEST_RESULT)))
	@PostMapping(path = "/api/v1/points", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<IngestResult> ingestJson(Tenant tenant, ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		return this.points
			.admitted(tenant,
					(limits) -> this.ingest.ingestJson(tenant, limits, request.getBody(),
							request.getHeaders().getContentLength()))
			.doOnNext((result) -> AuditRecord.points(exchange, result.points()));
	}

	@Operation(hidden = true)
	@PostMapping(path = "/api/v1/points", consumes = NDJSON)
	Mono<IngestResult> ingestNdjson(Tenant tenant, ServerWebExchange exchange) {
		return this.points
			.admitted(tenant, (limits) -> this.ingest.ingestNdjson(tenant, limits, exchange.getRequest().getBody()))
			.doOnNext((result) -> AuditRecord.points(exchange, result.points()));
	}

	/**
	 * One series object of an ingest body, for the API description; the parser reads the
	 * body itself, streaming.
	 *
	 * @param metric metric name
	 * @param tags tag keys and values
	 * @param points {@code [timestamp, value]} pairs: epoch milliseconds or RFC 3339, and
	 * a finite number
	 */
	@Schema(name = "SeriesObject", description = "Points of one series")
	record SeriesObject(
			@Schema(example = "room.temperature", requiredMode = Schema.RequiredMode.REQUIRED) String metric,
			@Schema(example = "{\"site\": \"lab\"}") Map<String, String> tags,
			@Schema(example = "[[1764057600000, 21.5], [\"2025-11-25T08:00:10Z\", 21.7]]",
					requiredMode = Schema.RequiredMode.REQUIRED) List<List<Object>> points) {
	}

}
