package dev.sponge.limits;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Api;
import dev.sponge.support.CapturedLogs;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The active-series limit, set by an ADMIN through {@code /api/v1/limits}: a tenant over
 * it gets 429 for new series, and nothing of the refused request, while its active series
 * and another tenant's new series are written as usual.
 */
@IntegrationTest
class ActiveSeriesLimitIntegrationTest {

	private static final long DAY = 1764028800000L;

	private final WebTestClient client;

	private final Api api;

	private final LimitsRequests requests;

	private final String tenant = Tokens.uniqueTenant();

	private final String admin = Tokens.withGroups(this.tenant, "sponge-admin");

	private final String writer = Tokens.writerReader(this.tenant);

	private final String otherTenantWriter = Tokens.writerReader(Tokens.uniqueTenant());

	private final MeterRegistry meters;

	ActiveSeriesLimitIntegrationTest(@Autowired WebTestClient client, @Autowired MeterRegistry meters) {
		this.client = client;
		this.meters = meters;
		this.api = new Api(client);
		this.requests = new LimitsRequests(client);
	}

	@Test
	void anAdminReadsAndSetsTheActiveSeriesLimit() {
		limits().jsonPath("$.limits['active-series']").isEqualTo(50000);

		setActiveSeries(3).jsonPath("$.limits['active-series']")
			.isEqualTo(3)
			.jsonPath("$.overrides['active-series']")
			.isEqualTo(3);
		change("{\"active-series\": 500001}").expectStatus().isBadRequest().expectBody(Void.class);
		limits().jsonPath("$.limits['active-series']").isEqualTo(3);
	}

	@Test
	void aTenantOverItsActiveSeriesGets429AndNothingOfTheRefusedRequestWhileAnotherTenantWritesNewSeries() {
		setActiveSeries(3);
		this.api.ingested(this.writer, List.of(point("a", 0), point("b", 0)));

		double refusedBefore = refusals();
		try (CapturedLogs audit = CapturedLogs.of("sponge.audit")) {
			this.client.post()
				.uri("/api/v1/points")
				.headers(Api.bearer(this.writer))
				.header("X-Request-Id", "active-series-" + this.tenant)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(List.of(point("a", 1), point("c", 1), point("d", 1)))
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader()
				.value(HttpHeaders.RETRY_AFTER,
						(seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(2600, 3600))
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo(TenantLimit.ACTIVE_SERIES.problemType())
				.jsonPath("$.limit")
				.isEqualTo("active-series")
				.jsonPath("$.value")
				.isEqualTo(3)
				.jsonPath("$.inUse")
				.isEqualTo(2)
				.jsonPath("$.detail")
				.value((String detail) -> assertThat(detail).contains("writes 2 series new to this instance")
					.contains("nothing of this request was written"));

			Map<String, String> record = await().atMost(Duration.ofSeconds(10))
				.until(() -> audit.events()
					.stream()
					.map(CapturedLogs::keyValues)
					.filter((kv) -> ("active-series-" + this.tenant).equals(kv.get("requestId")))
					.findFirst(), Optional::isPresent)
				.orElseThrow();
			assertThat(record).containsEntry("tenant", this.tenant).containsEntry("status", "429");
		}
		assertThat(refusals()).isEqualTo(refusedBefore + 1);
		assertThat(this.api.metricNames(this.writer)).containsExactlyInAnyOrder("a", "b");
		assertThat(timestamps("a")).containsExactly(DAY);
		for (int i = 0; i < 10; i++) {
			this.api.ingested(this.otherTenantWriter, List.of(point("other." + i, i)));
		}
		assertThat(this.api.metricNames(this.otherTenantWriter)).hasSize(10);

		// The tenant's active series take every write; a third series fits, a fourth not.
		this.api.ingested(this.writer, List.of(point("a", 1), point("b", 1), point("a", 2)));
		this.api.ingested(this.writer, List.of(point("c", 1), point("a", 3)));
		this.api.ingest(this.writer, List.of(point("d", 1)))
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectBody()
			.jsonPath("$.inUse")
			.isEqualTo(3);
		assertThat(timestamps("a")).containsExactly(DAY, DAY + 1, DAY + 2, DAY + 3);
		assertThat(this.api.metricNames(this.writer)).containsExactlyInAnyOrder("a", "b", "c");
	}

	@Test
	void anNdjsonStreamOverTheActiveSeriesLimitStopsAtALineAndNamesIt() {
		setActiveSeries(20);
		String body = IntStream.rangeClosed(1, 60)
			.mapToObj(
					(i) -> "{\"metric\": \"line." + i + "\", \"points\": [[" + DAY + ", 1], [" + (DAY + 1) + ", 2]]}\n")
			.reduce("", String::concat);

		LimitsRequests.Stopped stopped = this.requests.ndjsonStopped(this.writer, body, TenantLimit.ACTIVE_SERIES);
		assertThat(stopped.answer()).contains("\"value\":20");
		int line = stopped.line();
		// Lines are written in groups: those before the group that would pass the limit
		// were written, nothing from it on.
		assertThat(line).isGreaterThan(1).isLessThanOrEqualTo(21);
		assertThat(stopped.points()).isEqualTo(2L * (line - 1));
		assertThat(this.api.metricNames(this.writer))
			.containsExactlyInAnyOrderElementsOf(IntStream.range(1, line).mapToObj((i) -> "line." + i).toList());
	}

	private double refusals() {
		return this.meters.get("sponge.limits.refused").tag("limit", "active-series").counter().count();
	}

	private static Map<String, Object> point(String metric, int offset) {
		return series(metric, Map.of("site", "lab"), List.of(List.of(DAY + offset, offset)));
	}

	@SuppressWarnings("unchecked")
	private List<Long> timestamps(String metric) {
		Map<String, Object> page = this.api.points(this.writer,
				(q) -> q.queryParam("metric", metric).queryParam("from", DAY).queryParam("to", DAY + 60_000));
		List<Map<String, Object>> series = (List<Map<String, Object>>) page.get("series");
		assertThat(series).hasSize(1);
		return ((List<List<Number>>) series.get(0).get("points")).stream()
			.map((point) -> point.get(0).longValue())
			.toList();
	}

	private WebTestClient.BodyContentSpec setActiveSeries(int limit) {
		return change("{\"active-series\": " + limit + "}").expectStatus().isOk().expectBody();
	}

	private WebTestClient.BodyContentSpec limits() {
		return this.requests.limits(this.admin);
	}

	private WebTestClient.ResponseSpec change(String body) {
		return this.requests.change(this.admin, body);
	}

}
