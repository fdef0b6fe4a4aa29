package dev.sponge.remotewrite;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.sponge.ingest.PointsIngest;
import dev.sponge.observability.AuditRecord;
import dev.sponge.observability.SpongeMetrics;
import dev.sponge.observability.SpongeMetrics.Rejection;
import dev.sponge.problem.ApiProblem;
import dev.sponge.tenancy.Tenant;

/**
 * {@code POST /api/v1/write}: Prometheus remote-write 1.0 and 2.0. Answers 204 once every
 * sample it accepted is durably written, with the 2.0
 * {@code X-Prometheus-Remote-Write-*-Written} headers; the tenant's limits and the
 * instance's admission apply as to every ingest.
 */
@RestController
class RemoteWriteController {

	static final String SAMPLES_WRITTEN = "X-Prometheus-Remote-Write-Samples-Written";

	static final String HISTOGRAMS_WRITTEN = "X-Prometheus-Remote-Write-Histograms-Written";

	static final String EXEMPLARS_WRITTEN = "X-Prometheus-Remote-Write-Exemplars-Written";

	private static final Map<String, Rejection> REJECTIONS = Map.of(RemoteWriteDecoder.MALFORMED, Rejection.MALFORMED,
			RemoteWriteDecoder.TOO_LARGE, Rejection.TOO_LARGE);

	private final PointsIngest points;

	private final RemoteWriteDecoder decoder;

	private final RemoteWriteProperties properties;

	private final SpongeMetrics metrics;

	/** {@code sponge.ingest.samples.dropped}, one counter per reason, registered once. */
	private final Map<Dropped, Counter> dropped = new EnumMap<>(Dropped.class);

	RemoteWriteController(PointsIngest points, RemoteWriteDecoder decoder, RemoteWriteProperties properties,
			SpongeMetrics metrics, MeterRegistry registry) {
		this.points = points;
		this.decoder = decoder;
		this.properties = properties;
		this.metrics = metrics;
		for (Dropped reason : Dropped.values()) {
			this.dropped.put(reason,
					Counter.builder("sponge.ingest.samples.dropped")
						.description("Remote-write samples accepted but not stored, by reason (stale markers, NaN, "
								+ "infinities, native histograms, exemplars)")
						.tags("reason", reason.tag())
						.register(registry));
		}
	}

	@Operation(summary = "Prometheus remote-write 1.0 and 2.0 (WRITER)",
			description = "A snappy-compressed prometheus.WriteRequest (Content-Type application/x-protobuf) or "
					+ "io.prometheus.write.v2.Request (application/x-protobuf;proto=io.prometheus.write.v2.Request), "
					+ "Content-Encoding snappy. __name__ is the metric, the other labels are tags. Stale markers, "
					+ "NaN, infinities, native histograms and exemplars are not stored (and not counted as written).")
	@ApiResponse(responseCode = "204", description = "Every float sample of finite value is written")
	@PostMapping("/api/v1/write")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> write(Tenant tenant, ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		RemoteWriteProtocol protocol = RemoteWriteProtocol.of(request.getHeaders());
		if (protocol == RemoteWriteProtocol.V2) {
			// Whatever the answer, it says what was written: nothing until it is all
			// written.
			written(exchange, 0);
		}
		long max = this.properties.maxBodySize().toBytes();
		return this.points
			.admitted(tenant,
					(limits) -> PointsIngest
						.boundedBody(request.getBody(), request.getHeaders().getContentLength(), max,
								RemoteWriteController::tooLarge)
						.map((body) -> this.decoder.decode(protocol, body))
						.doOnError(ApiProblem.class, this::countRejection)
						.flatMap((decoded) -> this.points.write(tenant, limits, decoded.series()).thenReturn(decoded)))
			.doOnNext((decoded) -> {
				decoded.dropped().forEach((reason, count) -> this.dropped.get(reason).increment(count));
				if (protocol == RemoteWriteProtocol.V2) {
					written(exchange, decoded.samplesWritten());
				}
				AuditRecord.points(exchange, decoded.samplesWritten());
			})
			.then();
	}

	private static void written(ServerWebExchange exchange, long samples) {
		HttpHeaders headers = exchange.getResponse().getHeaders();
		headers.set(SAMPLES_WRITTEN, Long.toString(samples));
		headers.set(HISTOGRAMS_WRITTEN, "0");
		headers.set(EXEMPLARS_WRITTEN, "0");
	}

	private void countRejection(ApiProblem problem) {
		if (problem.status().is4xxClientError() && problem.status() != HttpStatus.TOO_MANY_REQUESTS) {
			this.metrics.rejected(REJECTIONS.getOrDefault(String.valueOf(problem.type()), Rejection.INVALID));
		}
	}

	private static ApiProblem tooLarge(long max) {
		return ApiProblem
			.tooLarge("The body is larger than " + max + " bytes (sponge.ingest.remote-write.max-body-size); "
					+ "send smaller batches (Prometheus: queue_config.max_samples_per_send)")
			.withType(RemoteWriteDecoder.TOO_LARGE);
	}

}
