package dev.sponge.limits;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query read rate through the real service and Cassandra: a tenant whose queries read
 * past its rate gets 429 on its next query, of every kind, until the rows are paid off,
 * while another tenant's queries are answered.
 */
@IntegrationTest
class QueryReadRateIntegrationTest {

	private static final long DAY = 1764028800000L;

	private final Api api;

	private final LimitsRequests requests;

	private final String tenant = Tokens.uniqueTenant();

	private final String admin = Tokens.withGroups(this.tenant, "sponge-admin");

	private final String writer = Tokens.writerReader(this.tenant);

	private final String otherTenantWriter = Tokens.writerReader(Tokens.uniqueTenant());

	QueryReadRateIntegrationTest(@Autowired WebTestClient client) {
		this.api = new Api(client);
		this.requests = new LimitsRequests(client);
	}

	@Test
	void aTenantWhoseQueriesReadPastItsRateGets429UntilTheRowsArePaidWhileAnotherTenantQueries() {
		this.api.ingested(this.writer, List.of(series("heavy", Map.of(), points(600))));
		this.api.ingested(this.otherTenantWriter, List.of(series("heavy", Map.of(), points(600))));
		// 50 rows a second, 500 at once: the first query's 600 rows leave 100 owed (2 s).
		this.requests.change(this.admin, "{\"query-points-per-second\": 50}")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.limits['query-points-per-second']")
			.isEqualTo(50);

		Map<String, Object> page = this.api.points(this.writer, this::allPoints);
		assertThat(points(page)).isEqualTo(600);

		refused(this.api.get(this.writer, "/api/v1/points", this::allPoints)).jsonPath("$.type")
			.isEqualTo("urn:sponge:problem:limit:query-points-per-second")
			.jsonPath("$.value")
			.isEqualTo(50)
			.jsonPath("$.inUse")
			.value((Integer owed) -> assertThat(owed).isBetween(1, 100));
		refused(this.api.get(this.writer, "/api/v1/latest", (uri) -> uri.queryParam("metric", "heavy")))
			.jsonPath("$.type")
			.isEqualTo("urn:sponge:problem:limit:query-points-per-second");
		refused(this.api.get(this.writer, "/api/prom/api/v1/query",
				(uri) -> uri.queryParam("query", "heavy").queryParam("time", (DAY + 600) / 1000.0)))
			.jsonPath("$.status")
			.isEqualTo("error")
			.jsonPath("$.errorType")
			.isEqualTo("unavailable");

		assertThat(points(this.api.points(this.otherTenantWriter, this::allPoints))).isEqualTo(600);
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> this.api.get(this.writer, "/api/v1/latest", (uri) -> uri.queryParam("metric", "heavy"))
				.expectBody()
				.returnResult()
				.getStatus() == HttpStatus.OK);
	}

	private static WebTestClient.BodyContentSpec refused(WebTestClient.ResponseSpec response) {
		return response.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.value(HttpHeaders.RETRY_AFTER, (seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 3))
			.expectBody();
	}

	private void allPoints(org.springframework.web.util.UriBuilder uri) {
		uri.queryParam("metric", "heavy").queryParam("from", DAY).queryParam("to", DAY + 600).queryParam("limit", 1000);
	}

	@SuppressWarnings("unchecked")
	private static int points(Map<String, Object> page) {
		return ((List<Map<String, Object>>) page.get("series")).stream()
			.mapToInt((series) -> ((List<?>) series.get("points")).size())
			.sum();
	}

	private static List<List<Number>> points(int count) {
		return IntStream.range(0, count).mapToObj((i) -> List.<Number>of(DAY + i, i)).toList();
	}

}
