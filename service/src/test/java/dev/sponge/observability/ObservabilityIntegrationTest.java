package dev.sponge.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.series.SeriesKey;
import dev.sponge.support.Api;
import dev.sponge.support.CapturedLogs;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Metrics after real traffic, the audit trail and the request id, as an operator sees
 * them.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIntegrationTest {

	private static final long DAY = 1764028800000L;

	private final WebTestClient client;

	private final Api api;

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.writerReader(this.tenant);

	ObservabilityIntegrationTest(@Autowired WebTestClient client) {
		this.client = client;
		this.api = new Api(client);
	}

	@Test
	void prometheusShowsHttpCassandraAndDomainMetricsWithBoundedTags() {
		this.api.ingested(this.token, List.of(series("obs.metric", Map.of("host", "h1"), List.of(List.of(DAY, 1)))));
		this.api.ingest(this.token, "[{\"metric\": \"9bad\", \"points\": []}]".getBytes())
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("[0].metric");
		this.api
			.get(this.token, "/api/v1/points",
					(q) -> q.queryParam("metric", "obs.metric").queryParam("from", DAY).queryParam("to", DAY + 1))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series[0].points.length()")
			.isEqualTo(1);

		String scrape = scrape();
		assertThat(scrape)
			.contains("http_server_requests_seconds_bucket{application=\"sponge\",error=\"none\",exception=\"none\","
					+ "instance=")
			.containsPattern("http_server_requests_seconds_bucket\\{[^}]*method=\"POST\"[^}]*status=\"200\"[^}]*"
					+ "uri=\"/api/v1/points\",le=\"0\\.005\"")
			.containsPattern("cassandra_session_cql_requests_seconds_bucket\\{[^}]*session=\"sponge\"")
			.containsPattern("cassandra_nodes_cql_messages_seconds_bucket\\{[^}]*node=\"")
			.containsPattern("cassandra_nodes_pool_in_flight\\{[^}]*node=\"")
			.containsPattern("cassandra_session_throttling_errors_total\\{")
			.containsPattern("sponge_points_written_total\\{[^}]*\\} [1-9]")
			.containsPattern("sponge_ingest_rejected_total\\{[^}]*reason=\"invalid\"[^}]*\\} [1-9]")
			.containsPattern("sponge_ingest_batch_rows_count\\{")
			.containsPattern("sponge_query_rows_scanned_total\\{[^}]*\\} [1-9]")
			.containsPattern("sponge_series_registered_total\\{[^}]*\\} [1-9]");
		assertThat(scrape).as("no series id, tenant or raw query string becomes a tag")
			.doesNotContain(SeriesKey.of("obs.metric", Map.of("host", "h1")).id())
			.doesNotContain(this.tenant)
			.doesNotContain("metric=obs.metric");
	}

	@Test
	void everyApiRequestLeavesOneAuditRecordWithTheRequestId() {
		try (CapturedLogs audit = CapturedLogs.of("sponge.audit")) {
			this.client.post()
				.uri("/api/v1/points")
				.headers(Api.bearer(this.token))
				.header("X-Request-Id", "edge-req-42")
				.header("Content-Type", "application/json")
				.bodyValue("[{\"metric\": \"audited\", \"points\": [[" + DAY + ", 1], [" + (DAY + 1) + ", 2]]}]")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("X-Request-Id", "edge-req-42")
				.expectBody()
				.jsonPath("$.points")
				.isEqualTo(2);

			Map<String, String> record = awaitRecord(audit, "edge-req-42");
			assertThat(record).containsEntry("subject", "user-" + this.tenant)
				.containsEntry("tenant", this.tenant)
				.containsEntry("roles", "[READER, WRITER]")
				.containsEntry("method", "POST")
				.containsEntry("route", "/api/v1/points")
				.containsEntry("status", "200")
				.containsEntry("points", "2")
				.containsEntry("client", "127.0.0.1")
				.containsKeys("time", "durationMicros");
			assertThat(Long.parseLong(record.get("durationMicros"))).isPositive();
			assertThat(audit.events()).allSatisfy(
					(event) -> assertThat(event.getFormattedMessage()).doesNotContain(this.token.substring(0, 20)));
		}
	}

	@Test
	void theAuditLineIsWrittenInProductionsJsonFormat(CapturedOutput output) {
		this.client.get()
			.uri("/api/v1/metrics")
			.headers(Api.bearer(this.token))
			.header("X-Request-Id", "ecs-audit-1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);

		String line = await().atMost(Duration.ofSeconds(10))
			.until(() -> output.getOut()
				.lines()
				.filter((l) -> l.contains("\"sponge.audit\"") && l.contains("ecs-audit-1"))
				.findFirst(), java.util.Optional::isPresent)
			.orElseThrow();
		JsonNode record = JsonMapper.shared().readTree(line);
		assertThat(record.path("log").path("logger").asString()).isEqualTo("sponge.audit");
		assertThat(record.path("service").path("name").asString()).isEqualTo("sponge");
		assertThat(record.path("requestId").asString()).isEqualTo("ecs-audit-1");
		assertThat(record.path("tenant").asString()).isEqualTo(this.tenant);
		assertThat(record.path("route").asString()).isEqualTo("/api/v1/metrics");
		assertThat(record.path("status").asInt()).isEqualTo(200);
		assertThat(output.getOut()).as("logback refused no line").doesNotContain("Duplicate nested pairs");
	}

	@Test
	void deniedAndUnauthenticatedRequestsAreAuditedToo() {
		String reader = Tokens.withGroups(this.tenant, "sponge-reader");
		try (CapturedLogs audit = CapturedLogs.of("sponge.audit")) {
			this.client.post()
				.uri("/api/v1/points")
				.headers(Api.bearer(reader))
				.header("X-Request-Id", "denied-1")
				.header("Content-Type", "application/json")
				.bodyValue("[]")
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.detail")
				.value((String detail) -> assertThat(detail).contains("WRITER"));
			this.client.get()
				.uri("/api/v1/metrics")
				.header("X-Request-Id", "anon-1")
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(401);

			assertThat(awaitRecord(audit, "denied-1")).containsEntry("subject", "user-" + this.tenant)
				.containsEntry("tenant", this.tenant)
				.containsEntry("roles", "[READER]")
				.containsEntry("status", "403")
				.containsEntry("points", "-1");
			assertThat(awaitRecord(audit, "anon-1")).containsEntry("subject", "-")
				.containsEntry("tenant", "-")
				.containsEntry("status", "401");
		}
	}

	@Test
	void aMissingOrUnsafeRequestIdIsReplacedByAGeneratedOne() {
		this.api.get(this.token, "/api/v1/metrics", (q) -> {
		})
			.expectHeader()
			.value("X-Request-Id", (id) -> assertThat(id).matches("[0-9a-f-]{36}"))
			.expectBody()
			.jsonPath("$.metrics")
			.isEmpty();
		this.client.get()
			.uri("/api/v1/metrics")
			.headers(Api.bearer(this.token))
			.header("X-Request-Id", "evil\" id")
			.exchange()
			.expectHeader()
			.value("X-Request-Id", (id) -> assertThat(id).matches("[0-9a-f-]{36}"))
			.expectBody()
			.jsonPath("$.metrics")
			.isEmpty();
	}

	@Test
	void logLinesWrittenWhileServingARequestCarryItsRequestId() {
		try (CapturedLogs ingest = CapturedLogs.atDebug("dev.sponge.ingest")) {
			this.client.post()
				.uri("/api/v1/points")
				.headers(Api.bearer(this.token))
				.header("X-Request-Id", "trace-me-7")
				.header("Content-Type", "application/json")
				.bodyValue("[{\"metric\": \"traced\", \"points\": [[" + DAY + ", 1]]}]")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.points")
				.isEqualTo(1);
			ILoggingEvent wrote = await().atMost(Duration.ofSeconds(10))
				.until(() -> ingest.events()
					.stream()
					.filter((e) -> e.getFormattedMessage().startsWith("wrote "))
					.findFirst(), java.util.Optional::isPresent)
				.orElseThrow();
			assertThat(wrote.getThreadName()).as("written on a driver thread, not the request's")
				.doesNotContain("http");
			assertThat(wrote.getMDCPropertyMap()).containsEntry("requestId", "trace-me-7");
		}
	}

	@Test
	void healthGroupsAndInfoAreServedWithoutAToken() {
		this.client.get()
			.uri("/actuator/health/liveness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		this.client.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components")
			.doesNotExist();
		this.client.get()
			.uri("/actuator/health/readiness")
			.headers(Api.bearer(Tokens.withGroups(this.tenant, "sponge-admin")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.readinessState.status")
			.isEqualTo("UP")
			.jsonPath("$.components.cassandra")
			.doesNotExist();
		this.client.get()
			.uri("/actuator/health")
			.headers(Api.bearer(Tokens.withGroups(this.tenant, "sponge-admin")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.cassandra.status")
			.isEqualTo("UP")
			.jsonPath("$.components.schema.status")
			.isEqualTo("UP");
		this.client.get()
			.uri("/actuator/info")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.build.artifact")
			.isEqualTo("sponge-service");
	}

	private String scrape() {
		// The shared context has served every integration test before this one, and each
		// uri/status pair adds a latency histogram, so the scrape outgrows the client's
		// default 256 KiB buffer.
		return this.client.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(8 << 20))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private static Map<String, String> awaitRecord(CapturedLogs audit, String requestId) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> audit.events()
				.stream()
				.map(CapturedLogs::keyValues)
				.filter((kv) -> requestId.equals(kv.get("requestId")))
				.findFirst(), java.util.Optional::isPresent)
			.orElseThrow();
	}

}
