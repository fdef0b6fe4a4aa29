package dev.sponge.otlp;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.sponge.ingest.PointsIngest;
import dev.sponge.observability.AuditRecord;
import dev.sponge.observability.SpongeMetrics;
import dev.sponge.observability.SpongeMetrics.Rejection;
import dev.sponge.problem.ApiProblem;
import dev.sponge.tenancy.Tenant;

/**
 * {@code POST /api/otlp/v1/metrics}: OpenTelemetry's OTLP/HTTP metrics export, protobuf
 * or JSON, gzip-compressed or not. Answers 200 with an
 * {@code ExportMetricsServiceResponse} in the request's encoding once every point it
 * stores is durably written; data points it does not store are its partial success. The
 * tenant's limits and the instance's admission apply as to every ingest.
 */
@RestController
class OtlpController {

	private static final Map<String, Rejection> REJECTIONS = Map.of(OtlpDecoder.MALFORMED, Rejection.MALFORMED,
			ApiProblem.TOO_LARGE, Rejection.TOO_LARGE);

	private final PointsIngest points;

	private final OtlpDecoder decoder;

	private final OtlpProperties properties;

	private final SpongeMetrics metrics;

	/** {@code sponge.ingest.otlp.points.rejected}, one counter per reason. */
	private final Map<Rejected, Counter> rejected = new EnumMap<>(Rejected.class);

	OtlpController(PointsIngest points, OtlpDecoder decoder, OtlpProperties properties, SpongeMetrics metrics,
			MeterRegistry registry) {
		this.points = points;
		this.decoder = decoder;
		this.properties = properties;
		this.metrics = metrics;
		for (Rejected reason : Rejected.values()) {
			this.rejected.put(reason, Counter.builder("sponge.ingest.otlp.points.rejected")
				.description(
						"OTLP data points not stored and reported as rejected in a partial success, " + "by reason")
				.tags("reason", reason.tag())
				.register(registry));
		}
	}

	@Operation(summary = "OpenTelemetry OTLP/HTTP metrics (WRITER)",
			description = "An OTLP ExportMetricsServiceRequest as application/x-protobuf or application/json, "
					+ "optionally Content-Encoding gzip; the answer is an ExportMetricsServiceResponse in the same "
					+ "encoding. Gauges and sums are series of the metric's name; explicit-bucket histograms are "
					+ "<name>_bucket{le}, <name>_count and <name>_sum; data point attributes are tags. Exponential "
					+ "histograms, summaries, NaN and infinities are not stored and reported as rejected data points.")
	@ApiResponse(responseCode = "200",
			description = "Every data point stored is written; partialSuccess counts those not stored")
	@ApiResponse(responseCode = "400",
			description = "Not an OTLP request, or one breaking a rule; the body is a google.rpc.Status in the "
					+ "request's encoding whose message says what was wrong",
			content = { @Content(mediaType = "application/x-protobuf"), @Content(mediaType = "application/json") })
	@ApiResponse(responseCode = "413",
			description = "Body over sponge.ingest.otlp.max-body-size, or decompressing to more than "
					+ "sponge.ingest.otlp.max-decompressed-size; a google.rpc.Status",
			content = { @Content(mediaType = "application/x-protobuf"), @Content(mediaType = "application/json") })
	@ApiResponse(responseCode = "429",
			description = "The tenant is over one of its limits; Retry-After says when to retry; a google.rpc.Status",
			content = { @Content(mediaType = "application/x-protobuf"), @Content(mediaType = "application/json") })
	@PostMapping("/api/otlp/v1/metrics")
	Mono<ResponseEntity<byte[]>> export(Tenant tenant, ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		OtlpFormat format = OtlpFormat.of(request.getHeaders());
		boolean gzipped = OtlpFormat.gzipped(request.getHeaders());
		long max = this.properties.maxBodySize().toBytes();
		long maxDecompressed = this.properties.maxDecompressedSize().toBytes();
		return this.points.admitted(tenant, (limits) -> PointsIngest
			.boundedBody(request.getBody(), request.getHeaders().getContentLength(), max, OtlpController::tooLarge)
			.map((body) -> {
				byte[] message = gzipped ? GzipBody.gunzip(body, maxDecompressed) : body;
				return this.decoder.decode(format.decode(message));
			})
			.doOnError(ApiProblem.class, this::countRejection)
			.flatMap((decoded) -> this.points.write(tenant, limits, decoded.series()).thenReturn(decoded)))
			.map((decoded) -> {
				decoded.rejected().forEach((reason, count) -> this.rejected.get(reason).increment(count));
				AuditRecord.points(exchange, decoded.points());
				return ResponseEntity.ok().contentType(format.mediaType()).body(format.encode(response(decoded)));
			})
			.onErrorResume(ApiProblem.class, (problem) -> Mono.just(failure(format, problem)));
	}

	/**
	 * A refusal once the request's encoding is known, answered as OTLP asks: the status
	 * and {@code Retry-After} as for every ingest, the body a {@code google.rpc.Status}
	 * in the request's encoding whose message is the problem's detail, which exporters
	 * log. (Before that, a 415, and failures of the storage, are problem details.)
	 */
	private static ResponseEntity<byte[]> failure(OtlpFormat format, ApiProblem problem) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.status()).contentType(format.mediaType());
		if (problem.retryAfter() != null) {
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, problem.retryAfter().toSeconds())));
		}
		return response.body(format.status(problem.detail()));
	}

	private static ExportMetricsServiceResponse response(DecodedMetrics decoded) {
		ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
		if (decoded.rejectedDataPoints() > 0) {
			response.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
				.setRejectedDataPoints(decoded.rejectedDataPoints())
				.setErrorMessage(decoded.rejectedMessage()));
		}
		return response.build();
	}

	private void countRejection(ApiProblem problem) {
		if (problem.status().is4xxClientError() && problem.status() != HttpStatus.TOO_MANY_REQUESTS) {
			this.metrics.rejected(REJECTIONS.getOrDefault(String.valueOf(problem.type()), Rejection.INVALID));
		}
	}

	private static ApiProblem tooLarge(long max) {
		return ApiProblem
			.tooLarge("The body is larger than " + max + " bytes (sponge.ingest.otlp.max-body-size); send smaller "
					+ "batches")
			.withType(ApiProblem.TOO_LARGE);
	}

}
