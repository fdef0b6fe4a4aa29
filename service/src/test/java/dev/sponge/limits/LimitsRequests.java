package dev.sponge.limits;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Api;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the limits' integration tests make: reading and changing a tenant's limits,
 * and an NDJSON upload that a limit stops at a line.
 */
final class LimitsRequests {

	private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	private static final Pattern STOPPED = Pattern.compile("stopped at line (\\d+) and the (\\d+) points");

	private final WebTestClient client;

	private final Api api;

	LimitsRequests(WebTestClient client) {
		this.client = client;
		this.api = new Api(client);
	}

	/** {@code GET /api/v1/limits}, answered 200. */
	WebTestClient.BodyContentSpec limits(String token) {
		return this.api.get(token, "/api/v1/limits", (q) -> {
		}).expectStatus().isOk().expectBody();
	}

	/** {@code PUT /api/v1/limits} with a JSON body. */
	WebTestClient.ResponseSpec change(String token, String body) {
		return this.client.put()
			.uri("/api/v1/limits")
			.headers(Api.bearer(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	/**
	 * Uploads {@code body} as NDJSON, expects a 429 with {@code Retry-After} and the
	 * problem type of {@code limit}, and reads where the stream stopped.
	 */
	Stopped ndjsonStopped(String token, String body, TenantLimit limit) {
		String answer = this.client.post()
			.uri("/api/v1/points")
			.headers(Api.bearer(token))
			.contentType(NDJSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(answer).contains(limit.problemType());
		Matcher stopped = STOPPED.matcher(answer);
		assertThat(stopped.find()).as(answer).isTrue();
		return new Stopped(Integer.parseInt(stopped.group(1)), Long.parseLong(stopped.group(2)), answer);
	}

	/**
	 * Where an NDJSON stream stopped.
	 *
	 * @param line the line it stopped at
	 * @param points points of the lines before it, written
	 * @param answer the problem as the client got it
	 */
	record Stopped(int line, long points, String answer) {
	}

}
