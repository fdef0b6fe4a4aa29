package dev.sponge.retention;

import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.sponge.apidoc.ApiExamples;
import dev.sponge.tenancy.Tenant;

/**
 * The tenant's retention ({@code /api/v1/retention}): how long new writes are kept. A
 * change applies to points written after it; points already stored keep the TTL they were
 * written with.
 */
@RestController
class RetentionController {

	private final TenantSettingsStore settings;

	private final JsonMapper jsonMapper;

	RetentionController(TenantSettingsStore settings, JsonMapper jsonMapper) {
		this.settings = settings;
		this.jsonMapper = jsonMapper;
	}

	@Operation(summary = "Retention (ADMIN)",
			description = "How long the tenant's new points, rollups and latest values are kept: an ISO-8601 "
					+ "duration, or null for forever")
	@ApiResponse(responseCode = "200", description = "The retention",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = RetentionBody.class),
					examples = @ExampleObject(value = ApiExamples.RETENTION)))
	@GetMapping("/api/v1/retention")
	Mono<RetentionBody> retention(Tenant tenant) {
		return this.settings.settings(tenant).map((s) -> new RetentionBody(RetentionValue.format(s.retention())));
	}

	@Operation(summary = "Set the retention (ADMIN)",
			description = "Stores the retention; writes after it carry it as their TTL (within "
					+ "sponge.retention.refresh on other instances). Points already stored keep their TTL.")
	@RequestBody(required = true,
			description = "ISO-8601 duration of whole seconds, positive, at most P7300D "
					+ "(20 years); null keeps new points forever",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = RetentionBody.class),
					examples = @ExampleObject(value = ApiExamples.RETENTION)))
	@ApiResponse(responseCode = "200", description = "The stored retention",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = RetentionBody.class),
					examples = @ExampleObject(value = ApiExamples.RETENTION)))
	@PutMapping(path = "/api/v1/retention", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<RetentionBody> setRetention(Tenant tenant,
			@org.springframework.web.bind.annotation.RequestBody(required = false) Mono<String> body) {
		// Optional, since null (keep forever) cannot travel through a Mono.
		return body.defaultIfEmpty("")
			.map((text) -> Optional.ofNullable(RetentionValue.parse(this.jsonMapper, text)))
			.flatMap((retention) -> this.settings.setRetention(tenant, retention.orElse(null))
				.thenReturn(new RetentionBody(RetentionValue.format(retention.orElse(null)))));
	}

	/**
	 * The tenant's retention.
	 *
	 * @param retention ISO-8601 duration such as {@code P30D}, or {@code null} to keep
	 * points forever
	 */
	record RetentionBody(@Schema(nullable = true, example = "P30D",
			description = "ISO-8601 duration, or null to keep points forever") String retention) {
	}

}
