package dev.sponge.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-tenant limits as an ADMIN sets them and as a tenant over them meets them, while
 * another tenant's requests keep succeeding.
 */
@IntegrationTest
class TenantLimitsIntegrationTest {

	private static final long DAY = 1764028800000L;

	private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	private final WebTestClient client;

	private final Api api;

	private final LimitsRequests requests;

	private final int port;

	private final String tenant = Tokens.uniqueTenant();

	private final String admin = Tokens.withGroups(this.tenant, "sponge-admin");

	private final String writer = Tokens.writerReader(this.tenant);

	private final String otherTenantWriter = Tokens.writerReader(Tokens.uniqueTenant());

	TenantLimitsIntegrationTest(@Autowired WebTestClient client, @LocalServerPort int port) {
		this.client = client;
		this.api = new Api(client);
		this.requests = new LimitsRequests(client);
		this.port = port;
	}

	@Test
	void anAdminReadsTheDefaultsAndSetsAndResetsOverrides() {
		limits(this.admin).jsonPath("$.limits['ingest-points-per-second']")
			.isEqualTo(200000)
			.jsonPath("$.limits['concurrent-ingest-requests']")
			.isEqualTo(16)
			.jsonPath("$.limits['live-streams']")
			.isEqualTo(10)
			.jsonPath("$.overrides")
			.isEmpty();

		change(this.admin, "{\"concurrent-queries\": 4, \"ingest-burst\": 5000}").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.limits['concurrent-queries']")
			.isEqualTo(4)
			.jsonPath("$.overrides['ingest-burst']")
			.isEqualTo(5000);
		change(this.admin, "{\"ingest-burst\": null}").expectStatus().isOk().expectBody(Void.class);
		limits(this.admin).jsonPath("$.limits['ingest-burst']")
			.isEqualTo(2000000)
			.jsonPath("$.overrides.length()")
			.isEqualTo(1)
			.jsonPath("$.overrides['concurrent-queries']")
			.isEqualTo(4);
	}

	@Test
	void aBadChangeIsRefusedWholeWith400AndOnlyAnAdminMayChange() {
		change(this.admin, "{\"concurrent-queries\": 4, \"coffee\": 1}").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("Unknown limit 'coffee'")
				.contains("concurrent-ingest-requests"));
		change(this.admin, "{\"live-streams\": 101}").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("from 1 to 100"));
		change(this.admin, "{\"live-streams\": 2.5}").expectStatus().isBadRequest().expectBody(Void.class);
		change(this.admin, "[]").expectStatus().isBadRequest().expectBody(Void.class);
		limits(this.admin).jsonPath("$.overrides").isEmpty();

		change(this.writer, "{\"live-streams\": 20}").expectStatus().isForbidden().expectBody(Void.class);
		this.api.get(this.writer, "/api/v1/limits", (q) -> {
		}).expectStatus().isForbidden().expectBody(Void.class);
	}

	@Test
	void aTenantAtItsConcurrentIngestLimitGets429WhileAnotherTenantIngests() throws Exception {
		change(this.admin, "{\"concurrent-ingest-requests\": 2}").expectStatus().isOk().expectBody(Void.class);
		WebClient web = WebClient.create("http://127.0.0.1:" + this.port);
		List<Sinks.Many<DataBuffer>> bodies = new ArrayList<>();
		List<CompletableFuture<ResponseEntity<String>>> held = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			Sinks.Many<DataBuffer> body = Sinks.many().unicast().onBackpressureBuffer();
			body.tryEmitNext(line("held." + i));
			bodies.add(body);
			held.add(ndjson(web, this.writer, body));
		}
		ResponseEntity<String> refused = await().atMost(Duration.ofSeconds(30))
			.until(() -> json(web, this.writer, "[{\"metric\": \"refused\", \"points\": [[" + DAY + ", 1]]}]"),
					(answer) -> answer.getStatusCode() == HttpStatus.TOO_MANY_REQUESTS);

		assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getBody()).contains("\"type\":\"urn:sponge:problem:limit:concurrent-ingest-requests\"")
			.contains("\"value\":2")
			.contains("\"inUse\":2");
		for (int i = 0; i < 20; i++) {
			this.api.ingested(this.otherTenantWriter, List.of(series("other", Map.of(), List.of(List.of(DAY + i, i)))));
		}

		bodies.forEach(Sinks.Many::tryEmitComplete);
		for (CompletableFuture<ResponseEntity<String>> answer : held) {
			assertThat(answer.get(30, TimeUnit.SECONDS).getStatusCode()).isEqualTo(HttpStatus.OK);
		}
		assertThat(this.api.metricNames(this.writer)).containsExactlyInAnyOrder("held.0", "held.1");
		this.api.ingested(this.writer, List.of(series("after", Map.of(), List.of(List.of(DAY, 1)))));
	}

	@Test
	void aTenantOverItsIngestRateGets429AndNothingOfTheRefusedRequest() {
		change(this.admin, "{\"ingest-points-per-second\": 10, \"ingest-burst\": 100}").expectStatus()
			.isOk()
			.expectBody(Void.class);
		// More than the burst: admitted, and leaves the bucket in debt for seconds.
		this.api.ingested(this.writer, List.of(series("first", Map.of(), points(150))));

		this.api.ingest(this.writer, List.of(series("refused", Map.of(), points(1))))
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.value(HttpHeaders.RETRY_AFTER, (seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 6))
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:sponge:problem:limit:ingest-points-per-second")
			.jsonPath("$.value")
			.isEqualTo(10)
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("nothing of this request was written"));

		// Refused before its body is read: even a body that is not JSON gets the 429, so
		// a
		// tenant writing past its rate costs no parsing.
		this.client.post()
			.uri("/api/v1/points")
			.headers((headers) -> headers.setBearerAuth(this.writer))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("not json at all")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:sponge:problem:limit:ingest-points-per-second");

		assertThat(this.api.metricNames(this.writer)).containsExactly("first");
		this.api.ingested(this.otherTenantWriter, List.of(series("other", Map.of(), points(1000))));
	}

	@Test
	void anNdjsonStreamOverTheIngestRateStopsAtALineAndNamesIt() {
		change(this.admin, "{\"ingest-points-per-second\": 1, \"ingest-burst\": 10}").expectStatus()
			.isOk()
			.expectBody(Void.class);
		String body = IntStream.range(0, 200)
			.mapToObj((i) -> "{\"metric\": \"line." + (i + 1) + "\", \"points\": [[" + DAY + ", 1], [" + (DAY + 1)
					+ ", 2]]}\n")
			.reduce("", String::concat);

		LimitsRequests.Stopped stopped = this.requests.ndjsonStopped(this.writer, body,
				TenantLimit.INGEST_POINTS_PER_SECOND);
		int line = stopped.line();
		// The first group of lines found a full bucket and was written; a later one found
		// it in debt.
		assertThat(line).isGreaterThan(1).isLessThan(200);
		assertThat(stopped.points()).isEqualTo(2L * (line - 1));
		assertThat(this.api.metricNames(this.writer))
			.containsExactlyInAnyOrderElementsOf(IntStream.range(1, line).mapToObj((i) -> "line." + i).toList());
	}

	private WebTestClient.BodyContentSpec limits(String token) {
		return this.requests.limits(token);
	}

	private WebTestClient.ResponseSpec change(String token, String body) {
		return this.requests.change(token, body);
	}

	private static List<List<Number>> points(int count) {
		return IntStream.range(0, count).mapToObj((i) -> List.<Number>of(DAY + i, i)).toList();
	}

	private static DataBuffer line(String metric) {
		return DefaultDataBufferFactory.sharedInstance
			.wrap(("{\"metric\": \"" + metric + "\", \"points\": [[" + DAY + ", 1]]}\n").getBytes());
	}

	private static CompletableFuture<ResponseEntity<String>> ndjson(WebClient web, String token,
			Sinks.Many<DataBuffer> body) {
		return web.post()
			.uri("/api/v1/points")
			.headers(Api.bearer(token))
			.contentType(NDJSON)
			.body(BodyInserters.fromDataBuffers(body.asFlux()))
			.exchangeToMono((response) -> response.toEntity(String.class))
			.toFuture();
	}

	private static ResponseEntity<String> json(WebClient web, String token, String json) {
		return web.post()
			.uri("/api/v1/points")
			.headers(Api.bearer(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchangeToMono((response) -> response.toEntity(String.class))
			.block(Duration.ofSeconds(30));
	}

}
