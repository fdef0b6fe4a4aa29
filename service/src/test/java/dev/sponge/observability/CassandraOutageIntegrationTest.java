package dev.sponge.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.cassandranode.CassandraNode;
import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stops the real Cassandra node under the running service: readiness goes DOWN while
 * liveness stays UP, requests fail fast with 503 and Retry-After, and everything comes
 * back by itself.
 */
@IntegrationTest
class CassandraOutageIntegrationTest {

	private static final long DAY = 1764028800000L;

	private final WebTestClient client;

	private final Api api;

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.writerReader(this.tenant);

	CassandraOutageIntegrationTest(@Autowired WebTestClient client) {
		this.client = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
		this.api = new Api(this.client);
	}

	@Test
	void readinessFollowsCassandraWhileLivenessDoesNot() {
		this.api.ingested(this.token, List.of(series("outage", Map.of(), List.of(List.of(DAY, 1)))));

		CassandraNode.shared().stop();

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.client.get()
				.uri("/actuator/health/readiness")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("DOWN"));
		this.client.get()
			.uri("/actuator/health/liveness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
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

		CassandraNode.shared().start();

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> this.client.get()
				.uri("/actuator/health/readiness")
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

	@AfterEach
	void nodeIsBackForTheNextTest() {
		if (!CassandraNode.shared().isRunning()) {
			CassandraNode.shared().start();
		}
	}

}
