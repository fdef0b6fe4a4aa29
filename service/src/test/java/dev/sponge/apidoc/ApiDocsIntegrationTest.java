package dev.sponge.apidoc;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description a client generator or a developer reads: public, complete, and
 * honest about authentication and errors.
 */
@IntegrationTest
class ApiDocsIntegrationTest {

	private final WebTestClient client;

	ApiDocsIntegrationTest(@Autowired WebTestClient client) {
		this.client = client.mutate().codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(4 << 20)).build();
	}

	@Test
	void theDescriptionIsServedWithoutATokenAndListsEveryEndpointWithItsDescribedParameters() {
		Map<String, Object> doc = apiDocs();
		Map<String, Map<String, Object>> paths = map(doc.get("paths"));

		assertThat(paths).containsOnlyKeys("/api/v1/points", "/api/v1/latest", "/api/v1/series", "/api/v1/metrics",
				"/api/v1/tags", "/api/v1/tags/{key}/values", "/api/v1/retention", "/api/v1/limits", "/api/v1/stream",
				"/api/v1/write", "/api/otlp/v1/metrics", "/api/prom/api/v1/query", "/api/prom/api/v1/query_range",
				"/api/prom/api/v1/series", "/api/prom/api/v1/labels", "/api/prom/api/v1/label/{name}/values",
				"/api/prom/api/v1/metadata", "/api/prom/api/v1/status/buildinfo");
		assertThat(paths.get("/api/prom/api/v1/query")).containsKeys("get", "post");
		assertThat(parameterNames(paths.get("/api/prom/api/v1/query_range").get("get"))).containsExactly("query",
				"start", "end", "step");
		assertThat(paths.get("/api/v1/series")).containsKeys("get", "delete");
		assertThat(paths.get("/api/v1/retention")).containsKeys("get", "put");
		assertThat(paths.get("/api/v1/limits")).containsKeys("get", "put");
		assertThat(parameterNames(paths.get("/api/v1/series").get("delete"))).containsExactly("metric", "tag");
		assertThat(paths.get("/api/v1/points")).containsKeys("get", "post");
		assertThat(parameterNames(paths.get("/api/v1/points").get("get"))).containsExactly("metric", "tag", "from",
				"to", "limit", "cursor", "step", "agg", "group_by");
		assertThat(parameterNames(paths.get("/api/v1/latest").get("get"))).containsExactly("metric", "tag");
		assertThat(parameterNames(paths.get("/api/v1/series").get("get"))).containsExactly("metric", "tag", "limit",
				"cursor");
		assertThat(parameterNames(paths.get("/api/v1/metrics").get("get"))).containsExactly("limit", "cursor");
		assertThat(parameterNames(paths.get("/api/v1/tags").get("get"))).containsExactly("metric", "tag", "limit",
				"cursor");
		assertThat(parameterNames(paths.get("/api/v1/tags/{key}/values").get("get"))).containsExactly("key", "metric",
				"tag", "limit", "cursor");
		assertThat(parameterNames(paths.get("/api/v1/stream").get("get"))).containsExactly("metric", "tag",
				"Last-Event-ID");
		paths.forEach((path, item) -> item.forEach((method, operation) -> {
			assertThat(map(operation).get("summary")).as("%s %s", method, path).isNotNull();
			for (Map<String, Object> parameter : parameters(operation)) {
				assertThat((String) parameter.get("description")).as("%s %s %s", method, path, parameter.get("name"))
					.isNotBlank();
			}
		}));
	}

	@Test
	void theDescriptionDeclaresTheBearerSchemeForEveryCall() {
		Map<String, Object> doc = apiDocs();

		Map<String, Object> scheme = map(map(map(doc.get("components")).get("securitySchemes")).get("bearer"));
		assertThat(scheme).containsEntry("type", "http")
			.containsEntry("scheme", "bearer")
			.containsEntry("bearerFormat", "JWT");
		assertThat(doc.get("security")).isEqualTo(List.of(Map.of("bearer", List.of())));
	}

	@Test
	void everyOperationDocumentsItsProblemResponsesAsProblemJsonWithExamples() {
		Map<String, Map<String, Object>> paths = map(apiDocs().get("paths"));

		paths.forEach((path, item) -> item.forEach((method, operation) -> {
			Map<String, Object> responses = map(map(operation).get("responses"));
			if (path.startsWith("/api/prom/")) {
				// Prometheus' query API: its own errors in Prometheus' envelope;
				// security's
				// refusals as problems.
				boolean query = !path.endsWith("/metadata") && !path.endsWith("/buildinfo");
				assertThat(responses).as("%s %s", method, path)
					.containsOnlyKeys(query ? List.of("200", "400", "401", "403", "422", "429", "503")
							: List.of("200", "401", "403"));
				return;
			}
			// Remote-write answers 204, as Prometheus' own receiver does.
			String ok = "/api/v1/write".equals(path) ? "204" : "200";
			// 429: the routes a per-tenant limit guards.
			List<String> expected = "post".equals(method) ? List.of(ok, "400", "401", "403", "413", "415", "429", "503")
					: List.of("/api/v1/stream", "/api/v1/points", "/api/v1/latest").contains(path)
							? List.of("200", "400", "401", "403", "429", "503")
							: List.of("200", "400", "401", "403", "503");
			assertThat(responses).as("%s %s", method, path).containsOnlyKeys(expected);
			// OTLP's refusals once the request's encoding is known: a google.rpc.Status
			// in it.
			List<String> otlpStatus = "/api/otlp/v1/metrics".equals(path) ? List.of("400", "413", "429") : List.of();
			otlpStatus.forEach((status) -> assertThat(map(map(responses.get(status)).get("content")))
				.as("%s %s %s", method, path, status)
				.containsOnlyKeys("application/x-protobuf", "application/json"));
			expected.stream()
				.filter((status) -> !ok.equals(status) && !otlpStatus.contains(status))
				.forEach((status) -> {
					Map<String, Object> problem = map(
							map(map(responses.get(status)).get("content")).get("application/problem+json"));
					assertThat(map(problem.get("schema"))).containsEntry("$ref", "#/components/schemas/Problem");
					assertThat(map(problem.get("example"))).containsEntry("status", Integer.parseInt(status));
				});
		}));
	}

	@Test
	void exampleBodiesShowIngestAndBothShapesOfAPointsPage() {
		Map<String, Map<String, Object>> paths = map(apiDocs().get("paths"));

		Map<String, Object> ingest = map(paths.get("/api/v1/points").get("post"));
		assertThat(map(map(ingest.get("requestBody")).get("content"))).containsKeys("application/json",
				"application/x-ndjson");
		Map<String, Object> read = map(
				map(map(map(paths.get("/api/v1/points").get("get")).get("responses")).get("200")).get("content"));
		assertThat(map(map(read.get("application/json")).get("examples"))).containsKeys("raw", "downsampled",
				"grouped");
	}

	@Test
	void theYamlDescriptionIsServedWithoutATokenToo() {
		this.client.get()
			.uri("/v3/api-docs.yaml")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((yaml) -> assertThat(yaml).contains("openapi: 3", "/api/v1/points:"));
	}

	@Test
	void theSwaggerUiIsOffOutsideLocalMode() {
		this.client.get()
			.uri("/swagger-ui.html")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(404);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> apiDocs() {
		return this.client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private static List<String> parameterNames(Object operation) {
		return parameters(operation).stream().map((parameter) -> (String) parameter.get("name")).toList();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> parameters(Object operation) {
		Object parameters = map(operation).get("parameters");
		return (parameters != null) ? (List<Map<String, Object>>) parameters : List.of();
	}

	@SuppressWarnings("unchecked")
	private static <V> Map<String, V> map(Object value) {
		return (Map<String, V>) value;
	}

}
