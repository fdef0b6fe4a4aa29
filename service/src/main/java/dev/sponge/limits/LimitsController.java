package dev.sponge.limits;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.sponge.apidoc.ApiExamples;
import dev.sponge.problem.ApiProblem;
import dev.sponge.tenancy.Tenant;

/**
 * The tenant's limits ({@code /api/v1/limits}, ADMIN): every limit in force, and which of
 * them the tenant set itself.
 */
@RestController
class LimitsController {

	private final TenantLimitsService limits;

	private final JsonMapper jsonMapper;

	LimitsController(TenantLimitsService limits, JsonMapper jsonMapper) {
		this.limits = limits;
		this.jsonMapper = jsonMapper;
	}

	@Operation(summary = "Limits (ADMIN)",
			description = "The tenant's per-instance limits in force, and the ones the tenant set itself")
	@ApiResponse(responseCode = "200", description = "The limits",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = LimitsBody.class),
					examples = @ExampleObject(value = ApiExamples.LIMITS)))
	@GetMapping("/api/v1/limits")
	Mono<LimitsBody> limits(Tenant tenant) {
		return this.limits.limits(tenant).map(LimitsBody::of);
	}

	@Operation(summary = "Change limits (ADMIN)",
			description = "Sets the named limits (null: back to the instance default); limits not named keep "
					+ "their value. Applies on other instances within sponge.retention.refresh.")
	@RequestBody(required = true,
			description = "Limit names to a whole number from 1 to sponge.limits.max-override-factor times the "
					+ "default, or to null",
			content = @Content(mediaType = "application/json",
					examples = @ExampleObject(value = ApiExamples.LIMITS_CHANGE)))
	@ApiResponse(responseCode = "200", description = "The limits now in force",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = LimitsBody.class),
					examples = @ExampleObject(value = ApiExamples.LIMITS)))
	@PutMapping(path = "/api/v1/limits", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<LimitsBody> change(Tenant tenant,
			@org.springframework.web.bind.annotation.RequestBody(required = false) Mono<String> body) {
		return body.defaultIfEmpty("")
			.map(this::parse)
			.flatMap((changes) -> this.limits.change(tenant, changes))
			.map(LimitsBody::of);
	}

	private Map<String, Long> parse(String body) {
		JsonNode root;
		try {
			root = body.isBlank() ? null : this.jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			root = null;
		}
		if (root == null || !root.isObject() || root.isEmpty()) {
			throw ApiProblem.badRequest("The body must be a JSON object of limit names to whole numbers or null, "
					+ "such as {\"ingest-points-per-second\": 50000}");
		}
		Map<String, Long> changes = new LinkedHashMap<>();
		for (String name : root.propertyNames()) {
			JsonNode value = root.get(name);
			if (value.isNull()) {
				changes.put(name, null);
			}
			else if (value.isIntegralNumber() && value.canConvertToLong()) {
				changes.put(name, value.longValue());
			}
			else {
				throw ApiProblem.badRequest("Limit '" + name + "' must be a whole number or null, was " + value);
			}
		}
		return changes;
	}

	/**
	 * The limits in force and the tenant's own values among them.
	 *
	 * @param limits every limit by name
	 * @param overrides the limits the tenant set, by name
	 */
	record LimitsBody(Map<String, Long> limits, Map<String, Long> overrides) {

		static LimitsBody of(TenantLimits limits) {
			Map<String, Long> overrides = new LinkedHashMap<>();
			for (TenantLimit limit : TenantLimit.values()) {
				if (!limits.isDefault(limit)) {
					overrides.put(limit.key(), limits.get(limit));
				}
			}
			return new LimitsBody(limits.byKey(), overrides);
		}

	}

}
