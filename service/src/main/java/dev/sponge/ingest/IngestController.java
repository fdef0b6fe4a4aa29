package dev.sponge.ingest;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

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

	IngestController(IngestService ingest) {
		this.ingest = ingest;
	}

	@PostMapping(path = "/api/v1/points", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<IngestResult> ingestJson(Tenant tenant, ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		return this.ingest.ingestJson(tenant, request.getBody(), request.getHeaders().getContentLength())
			.doOnNext((result) -> AuditRecord.points(exchange, result.points()));
	}

	@PostMapping(path = "/api/v1/points", consumes = NDJSON)
	Mono<IngestResult> ingestNdjson(Tenant tenant, ServerWebExchange exchange) {
		return this.ingest.ingestNdjson(tenant, exchange.getRequest().getBody())
			.doOnNext((result) -> AuditRecord.points(exchange, result.points()));
	}

}
