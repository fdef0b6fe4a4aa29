package dev.sponge.support;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriBuilder;

/**
 * Small request helpers over {@link WebTestClient} so the tests read as what a client
 * does. Every exchange's answer must be read ({@code expectBody...}): one left unread
 * keeps its buffers until they leak, which fails the test class ({@link NettyLeakCheck}).
 */
public final class Api {

	private final WebTestClient client;

	public Api(WebTestClient client) {
		this.client = client;
	}

	/** One series object of an ingest body. */
	public static Map<String, Object> series(String metric, Map<String, String> tags, List<List<Number>> points) {
		return Map.of("metric", metric, "tags", tags, "points", points);
	}

	public WebTestClient.ResponseSpec ingest(String token, Object body) {
		return this.client.post()
			.uri("/api/v1/points")
			.headers(bearer(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	/**
	 * Ingests series objects (see {@link #series}) and asserts that every point was
	 * written: 200 with their number. Like every exchange of a test, it reads the answer,
	 * so the client releases its buffers.
	 */
	public void ingested(String token, List<?> series) {
		long points = series.stream().mapToLong((s) -> ((List<?>) ((Map<?, ?>) s).get("points")).size()).sum();
		ingest(token, series).expectStatus().isOk().expectBody().jsonPath("$.points").isEqualTo(points);
	}

	public WebTestClient.ResponseSpec get(String token, String path, Consumer<UriBuilder> query) {
		return this.client.get().uri((uri) -> {
			uri.path(path);
			query.accept(uri);
			return uri.build();
		}).headers(bearer(token)).exchange();
	}

	/** Raw points page as a generic map: what a JSON client sees. */
	@SuppressWarnings("unchecked")
	public Map<String, Object> points(String token, Consumer<UriBuilder> query) {
		return get(token, "/api/v1/points", query).expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * The tenant's metric names (first page): what a test reads to see what was written.
	 */
	@SuppressWarnings("unchecked")
	public List<String> metricNames(String token) {
		Map<String, Object> page = get(token, "/api/v1/metrics", (q) -> {
		}).expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
		return (List<String>) page.get("metrics");
	}

	public static Consumer<HttpHeaders> bearer(String token) {
		return (headers) -> {
			if (token != null) {
				headers.setBearerAuth(token);
			}
		};
	}

}
