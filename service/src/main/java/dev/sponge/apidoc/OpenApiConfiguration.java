package dev.sponge.apidoc;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.sponge.tenancy.Tenant;

/**
 * The OpenAPI description at {@code /v3/api-docs}: operations and parameters come from
 * the controllers' annotations; this adds the bearer scheme every {@code /api/**} call
 * needs and the {@code application/problem+json} answers they share.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String BEARER = "bearer";

	private static final String PROBLEM = "Problem";

	private static final String PROBLEM_JSON = "application/problem+json";

	static {
		// The tenant comes from the token, never from the request: not a parameter.
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Tenant.class);
	}

	@Bean
	OpenAPI spongeOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Sponge API")
				.version("v1")
				.description("Telemetry points in Apache Cassandra: ingest, raw and downsampled reads, latest values "
						+ "and discovery. Every /api call needs a bearer JWT from the configured OIDC issuer; the "
						+ "tenant is the one the token names. Errors are RFC 9457 problem details."))
			.components(new Components()
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("An access token of the OIDC issuer with the tenant claim and the "
									+ "role the operation names (READER, WRITER or ADMIN)"))
				.addSchemas(PROBLEM, problemSchema()))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

	/**
	 * Adds the problem answers to every API operation: those any call can get, plus the
	 * body-related ones of ingest.
	 */
	@Bean
	OpenApiCustomizer problemResponses() {
		return (openApi) -> openApi.getPaths().forEach((path, item) -> {
			if (!path.startsWith("/api/")) {
				return;
			}
			if (path.startsWith("/api/prom/")) {
				// Prometheus' query API answers its own errors in Prometheus' envelope
				// (declared by its controller); only security's refusals are problems.
				item.readOperationsMap().forEach((method, operation) -> {
					add(operation, "401", "No token, or an invalid one; WWW-Authenticate says why",
							problem(401, "Unauthorized", "Bearer token is missing or invalid", path));
					add(operation, "403", "The token lacks the operation's role or names no tenant",
							problem(403, "Forbidden", "This operation needs the READER role", path));
				});
				return;
			}
			item.readOperationsMap().forEach((method, operation) -> {
				add(operation, "400", "Bad input: the detail says what was wrong",
						problem(400, "Bad request", "from must be before to", path));
				add(operation, "401", "No token, or an invalid one; WWW-Authenticate says why",
						problem(401, "Unauthorized", "Bearer token is missing or invalid", path));
				add(operation, "403", "The token lacks the operation's role or names no tenant",
						problem(403, "Forbidden", "This operation needs the READER role", path));
				add(operation, "503", "Cassandra unavailable or overloaded; Retry-After says when to retry",
						problem(503, "Service unavailable",
								"Storage is unavailable or overloaded (RequestThrottlingException); retry later",
								path));
				if (List
					.of("/api/v1/points", "/api/v1/write", "/api/otlp/v1/metrics", "/api/v1/latest", "/api/v1/stream")
					.contains(path)) {
					add(operation, "429",
							"The tenant is over one of its per-instance limits (see /api/v1/limits); the problem's "
									+ "type names the limit and its body the value and the use, Retry-After says "
									+ "when to retry",
							problem(429, "Too many requests",
									"The tenant already has 16 queries in progress on this instance (limit "
											+ "concurrent-queries = 16, in use 16; an ADMIN sees and sets the "
											+ "tenant's limits at /api/v1/limits)",
									path));
				}
				if (method == PathItem.HttpMethod.POST) {
					add(operation, "413", "Body or NDJSON line over the configured size",
							problem(413, "Request too large", "Request body exceeds the configured limit", path));
					add(operation, "415", switch (path) {
						case "/api/v1/write" -> "Not snappy-compressed remote-write 1.0 or 2.0 protobuf (Content-Type, "
								+ "proto, Content-Encoding)";
						case "/api/otlp/v1/metrics" -> "Neither application/x-protobuf nor application/json, or a "
								+ "Content-Encoding other than gzip";
						default -> "Content-Type is neither application/json nor application/x-ndjson";
					}, problem(415, "Unsupported Media Type", "Content-Type 'text/plain' is not supported", path));
				}
			});
		});
	}

	private static void add(Operation operation, String status, String description, Map<String, Object> example) {
		if (operation.getResponses().containsKey(status)) {
			return;
		}
		operation.getResponses()
			.addApiResponse(status,
					new ApiResponse().description(description)
						.content(new Content().addMediaType(PROBLEM_JSON,
								new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
									.example(example))));
	}

	private static Map<String, Object> problem(int status, String title, String detail, String path) {
		return Map.of("type", "about:blank", "title", title, "status", status, "detail", detail, "instance", path);
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().example("about:blank"))
			.addProperty("title", new StringSchema().example("Bad request"))
			.addProperty("status", new IntegerSchema().example(400))
			.addProperty("detail", new StringSchema().description("What was wrong, precisely"))
			.addProperty("instance", new StringSchema().description("The request path"))
			.addProperty("errors",
					new io.swagger.v3.oas.models.media.ArraySchema().description("Per-field errors of a refused body")
						.items(new ObjectSchema().addProperty("field", new StringSchema().example("[0].points[3][1]"))
							.addProperty("message", new StringSchema().example("must be a finite number"))));
	}

}
