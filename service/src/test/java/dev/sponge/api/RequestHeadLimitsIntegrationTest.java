package dev.sponge.api;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request heads the service takes straight from a client: everything the edge passes
 * (docs/edge.md, Limits), so the token of a user in many groups and a tag filter of
 * thousands of values work, and a head over the limits is answered with its status, not
 * left hanging.
 */
@IntegrationTest
class RequestHeadLimitsIntegrationTest {

	private static final long DAY = 1764028800000L;

	/** server.max-http-request-header-size. */
	private static final int HEADER_LIMIT = 17 * 1024;

	/** server.netty.max-initial-line-length. */
	private static final int LINE_LIMIT = 48 * 1024;

	/** The edge's limit on a request's line and headers together. */
	private static final int EDGE_LIMIT = 16 * 1024;

	private final Api api;

	private final RawHttp http;

	private final String tenant = Tokens.uniqueTenant();

	RequestHeadLimitsIntegrationTest(@Autowired WebTestClient client, @LocalServerPort int port) {
		this.api = new Api(client);
		this.http = new RawHttp(port);
	}

	@Test
	void theTokenOfAUserInManyGroupsIsAccepted() {
		String token = Tokens.inManyGroups(this.tenant, "sponge-reader");
		this.api.get(token, "/api/v1/metrics", (q) -> {
		}).expectStatus().isOk().expectBody().jsonPath("$.metrics").isEmpty();
	}

	@Test
	void aTagFilterOfThousandsOfValuesIsServed() {
		String token = Tokens.writerReader(this.tenant);
		this.api.ingested(token, List.of(series("cpu", Map.of("host", "h4321"), List.of(List.of(DAY, 1)))));
		// Every one of 5,000 hosts, | percent-encoded: the service's line limit leaves
		// room
		// for the edge to forward a line of 16 KiB with each raw | encoded as %7C.
		String hosts = IntStream.range(0, 5000)
			.mapToObj((i) -> "h%04d".formatted(i))
			.collect(Collectors.joining("%7C", "tag=host:", ""));
		String query = "metric=cpu&" + hosts;
		assertThat(query.length()).as("longer than the edge's whole head, shorter than the line limit")
			.isBetween(2 * EDGE_LIMIT, LINE_LIMIT - 100);

		HttpResponse<String> answer = this.http.getRaw(token, "/api/v1/series", query);

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.body()).contains("\"host\":\"h4321\"");
	}

	@Test
	void headersOverTheLimitAreAnswered431() {
		HttpResponse<String> answer = this.http.getRaw(Tokens.writerReader(this.tenant), "/api/v1/metrics", "",
				"X-Padding", "x".repeat(HEADER_LIMIT));

		assertThat(answer.statusCode()).isEqualTo(431);
	}

	@Test
	void aRequestLineOverTheLimitIsAnswered414() {
		HttpResponse<String> answer = this.http.getRaw(Tokens.writerReader(this.tenant), "/api/v1/metrics",
				"cursor=" + "x".repeat(LINE_LIMIT));

		assertThat(answer.statusCode()).isEqualTo(414);
	}

}
