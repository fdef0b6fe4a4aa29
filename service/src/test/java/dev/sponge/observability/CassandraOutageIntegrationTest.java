package dev.sponge.observability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
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

import dev.sponge.cassandranode.CassandraNode;
import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stops the real Cassandra node under the running service: the overall health goes DOWN
 * while liveness and readiness stay UP (the pod keeps answering), requests fail fast with
 * 503 and Retry-After, an NDJSON upload names the line to resume from, and everything
 * comes back by itself.
 */
@IntegrationTest
class CassandraOutageIntegrationTest {

	private static final long DAY = 1764028800000L;

	private final WebTestClient client;

	private final Api api;

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.writerReader(this.tenant);

	private final String baseUrl;

	CassandraOutageIntegrationTest(@Autowired WebTestClient client, @LocalServerPort int port) {
		this.baseUrl = "http://127.0.0.1:" + port;
		this.client = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
		this.api = new Api(this.client);
	}

	@Test
	void withoutCassandraThePodStaysReadyAndAnswers503WithRetryAfter() throws Exception {
		this.api.ingested(this.token, List.of(series("outage", Map.of(), List.of(List.of(DAY, 1)))));
		// An NDJSON upload whose first line is written before the outage.
		Sinks.Many<DataBuffer> upload = Sinks.many().unicast().onBackpressureBuffer();
		CompletableFuture<ResponseEntity<String>> uploaded = WebClient.create(this.baseUrl)
			.post()
			.uri("/api/v1/points")
			.headers(Api.bearer(this.token))
			.contentType(MediaType.parseMediaType("application/x-ndjson"))
			.body(BodyInserters.fromDataBuffers(upload.asFlux()))
			.exchangeToMono((response) -> response.toEntity(String.class))
			.toFuture();
		upload.tryEmitNext(line("before.outage"));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.api.metricNames(this.token).contains("before.outage"));

		CassandraNode.shared().stop();

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.client.get()
				.uri("/actuator/health")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("DOWN"));
		// The pod stays in service: it answers for itself, with 503 and Retry-After.
		for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
			this.client.get()
				.uri(probe)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("UP");
		}
		long started = System.nanoTime();
		this.api.ingest(this.token, List.of(series("outage", Map.of(), List.of(List.of(DAY + 1, 2)))))
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("retry later"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("fails fast rather than hangs")
			.isLessThan(Duration.ofSeconds(10));
		upload.tryEmitNext(line("during.outage"));
		upload.tryEmitComplete();
		ResponseEntity<String> stopped = uploaded.get(30, TimeUnit.SECONDS);
		assertThat(stopped.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(stopped.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(stopped.getBody()).contains("retry later")
			.contains("the stream stopped at line 2 and the 1 points of the lines before it were written");

		CassandraNode.shared().start();

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> this.client.get()
				.uri("/actuator/health")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("UP"));
		this.api.ingested(this.token, List.of(series("outage", Map.of(), List.of(List.of(DAY + 2, 3)))));
		this.api
			.get(this.token, "/api/v1/points",
					(q) -> q.queryParam("metric", "outage").queryParam("from", DAY).queryParam("to", DAY + 10))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series[0].points.length()")
			.isEqualTo(2);
	}

	private static DataBuffer line(String metric) {
		return DefaultDataBufferFactory.sharedInstance
			.wrap(("{\"metric\": \"" + metric + "\", \"points\": [[" + DAY + ", 1]]}\n")
				.getBytes(StandardCharsets.UTF_8));
	}

	@AfterEach
	void nodeIsBackForTheNextTest() {
		if (!CassandraNode.shared().isRunning()) {
			CassandraNode.shared().start();
		}
	}

}
