package dev.sponge.query;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Api;
import dev.sponge.support.RealInfrastructure;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A query that reads far more than its deadline allows (a thousand series over a month:
 * some thirty thousand day partitions, read one after another, about 20 s here) is cut
 * off at the deadline with a 503 that names it, and the tenant's next small query still
 * answers. The query-cost budget, which would refuse such a query before its first read,
 * is raised here so that the deadline is what stops it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sponge.query.deadline=2s", "sponge.limits.query-cost=100000" })
@AutoConfigureWebTestClient(timeout = "30s")
@ContextConfiguration(initializers = RealInfrastructure.class)
class QueryDeadlineIntegrationTest {

	private static final long DAY = 1764028800000L;

	@Autowired
	private WebTestClient client;

	private final String token = Tokens.writerReader(Tokens.uniqueTenant());

	@Test
	void aQueryPastItsDeadlineIsCancelledWithA503NamingIt() {
		Api api = new Api(this.client);
		api.ingested(this.token,
				IntStream.range(0, 1000)
					.mapToObj((i) -> series("wide", Map.of("device", "d" + i), List.of(List.of(DAY, i))))
					.toList());

		long started = System.nanoTime();
		api.get(this.token, "/api/v1/points",
				(q) -> q.queryParam("metric", "wide")
					.queryParam("from", DAY - Duration.ofDays(30).toMillis())
					.queryParam("to", DAY + 1)
					.queryParam("limit", 10000))
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "1")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(QueryController.DEADLINE)
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("sponge.query.deadline"));
		assertThat(Duration.ofNanos(System.nanoTime() - started))
			.as("cut off near the deadline, not after the whole scan")
			.isLessThan(Duration.ofSeconds(15));

		// A loaded machine may need a second try to answer within the deadline.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> api
				.get(this.token, "/api/v1/latest", (q) -> q.queryParam("metric", "wide").queryParam("tag", "device:d7"))
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.series[0].value")
				.isEqualTo(7.0));
	}

}
