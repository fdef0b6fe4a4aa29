package dev.sponge.api;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ingest rule and query parameter rule: a 4xx problem with a precise detail, and
 * nothing of a refused request written.
 */
@IntegrationTest
class ValidationIntegrationTest {

	private static final String OK_POINT = "[1764028800000, 1]";

	private final WebTestClient client;

	private final Api api;

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.writerReader(this.tenant);

	ValidationIntegrationTest(@Autowired WebTestClient client) {
		this.client = client;
		this.api = new Api(client);
	}

	static Stream<Arguments> refusedBodies() {
		String good = "{\"metric\": \"ok\", \"points\": [" + OK_POINT + "]}";
		return Stream.of(Arguments.of("malformed JSON", "[" + good + ", {\"metric\": ", 400, "malformed JSON"),
				Arguments.of("not an array", good, 400, "must be a JSON array"),
				Arguments.of("wrong type of value",
						"[" + good + ", {\"metric\": \"m\", \"points\": [[1764028800000, \"1\"]]}]", 400,
						"[1].points[0][1]"),
				Arguments.of("NaN literal", "[{\"metric\": \"m\", \"points\": [[1764028800000, NaN]]}]", 400,
						"malformed JSON"),
				Arguments.of("non-finite value",
						"[" + good + ", {\"metric\": \"m\", \"points\": [[1764028800000, 1e999]]}]", 400, "finite"),
				Arguments.of("bad metric name",
						"[" + good + ", {\"metric\": \"1abc\", \"points\": [" + OK_POINT + "]}]", 400, "[1].metric"),
				Arguments.of("bad tag key",
						"[" + good + ", {\"metric\": \"m\", \"tags\": {\"a b\": \"x\"}, \"points\": [" + OK_POINT
								+ "]}]",
						400, "[1].tags.a b"),
				Arguments.of("tag value too long",
						"[" + good + ", {\"metric\": \"m\", \"tags\": {\"k\": \"" + "x".repeat(257)
								+ "\"}, \"points\": [" + OK_POINT + "]}]",
						400, "256 bytes"),
				Arguments.of("empty tag value",
						"[" + good + ", {\"metric\": \"m\", \"tags\": {\"k\": \"\"}, \"points\": [" + OK_POINT + "]}]",
						400, "[1].tags.k"),
				Arguments.of("too many tags",
						"[" + good + ", {\"metric\": \"m\", \"tags\": " + tags(33) + ", \"points\": [" + OK_POINT
								+ "]}]",
						400, "at most 32"),
				Arguments.of("timestamp before 1970", "[" + good + ", {\"metric\": \"m\", \"points\": [[-1, 1]]}]", 400,
						"accepted window"),
				Arguments.of("timestamp in epoch seconds",
						"[" + good + ", {\"metric\": \"m\", \"points\": [[1764028800, 1]]}]", 400,
						"it looks like epoch seconds"),
				Arguments.of("timestamp in epoch nanoseconds",
						"[" + good + ", {\"metric\": \"m\", \"points\": [[1764028800000000000, 1]]}]", 400,
						"it looks like epoch nanoseconds"),
				Arguments.of("timestamp too far ahead",
						"[" + good + ", {\"metric\": \"m\", \"points\": [["
								+ (System.currentTimeMillis() + 2 * 86_400_000L) + ", 1]]}]",
						400, "accepted window"),
				Arguments.of("too many points", "[{\"metric\": \"m\", \"points\": [" + points(100_001) + "]}]", 400,
						"more than 100000 points"),
				Arguments.of("unknown field", "[{\"metric\": \"m\", \"points\": [" + OK_POINT + "], \"value\": 1}]",
						400, "not a known field"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedBodies")
	void aRefusedJsonBodyIsAProblemAndWritesNothing(String rule, String body, int status, String mentioned) {
		this.api.ingest(this.token, body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status)
			.jsonPath("$")
			.value((Object problem) -> assertThat(problem.toString()).contains(mentioned));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedQueries")
	void aBadQueryParameterIsA400ThatNamesIt(String path, String query, String mentioned) {
		this.client.get()
			.uri(path + "?" + query)
			.headers(Api.bearer(this.token))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains(mentioned));
	}

	static Stream<Arguments> refusedQueries() {
		return Stream.of(Arguments.of("/api/v1/points", "from=-1h", "metric parameter is required"),
				Arguments.of("/api/v1/points", "metric=9x", "metric must match"),
				Arguments.of("/api/v1/points", "metric=m&from=yesterday", "from 'yesterday' is not a time"),
				Arguments.of("/api/v1/points", "metric=m&from=-1h&to=-2h", "from must be before to"),
				Arguments.of("/api/v1/points", "metric=m&from=-40d", "sponge.query.max-range"),
				Arguments.of("/api/v1/points", "metric=m&limit=0", "limit must be between 1 and 10000"),
				Arguments.of("/api/v1/points", "metric=m&limit=10001", "limit must be between 1 and 10000"),
				Arguments.of("/api/v1/points", "metric=m&limit=ten", "limit"),
				Arguments.of("/api/v1/points", "metric=m&cursor=garbage", "cursor is not valid"),
				Arguments.of("/api/v1/points", "metric=m&tag=site", "must be key:value"),
				Arguments.of("/api/v1/points", "metric=m&step=25h&agg=avg", "step '25h' is not a step"),
				Arguments.of("/api/v1/points", "metric=m&step=1m&agg=mean", "agg 'mean' is not an aggregation"),
				Arguments.of("/api/v1/points", "metric=m&agg=avg", "agg needs a step"),
				Arguments.of("/api/v1/points", "metric=m&step=1m&from=-500d", "sponge.query.max-aggregated-range"),
				Arguments.of("/api/v1/latest", "tag=site:lab", "metric parameter is required"),
				Arguments.of("/api/v1/series", "metric=m&cursor=Zm9v", "cursor is not valid"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("contentTypes")
	void anUnsupportedContentTypeIs415(String contentType) {
		this.client.post()
			.uri("/api/v1/points")
			.headers(Api.bearer(this.token))
			.contentType(MediaType.parseMediaType(contentType))
			.bodyValue("[]")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(415);
	}

	static Stream<String> contentTypes() {
		return Stream.of("text/plain", "application/xml", "application/x-www-form-urlencoded");
	}

	@ParameterizedTest(name = "{0} bytes")
	@MethodSource("oversizedBodies")
	void aJsonBodyOverTheLimitIs413(int size) {
		byte[] body = new byte[size];
		Arrays.fill(body, (byte) ' ');
		body[0] = '[';
		body[size - 1] = ']';
		this.api.ingest(this.token, body)
			.expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("sponge.ingest.max-json-body-size"));
	}

	static Stream<Integer> oversizedBodies() {
		return Stream.of(16 * 1024 * 1024 + 1);
	}

	@AfterEach
	void nothingWasWritten() {
		this.api.get(this.token, "/api/v1/metrics", (q) -> {
		}).expectStatus().isOk().expectBody().jsonPath("$.metrics.length()").isEqualTo(0);
	}

	private static String tags(int count) {
		StringBuilder json = new StringBuilder("{");
		for (int i = 0; i < count; i++) {
			json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": \"v\"");
		}
		return json.append('}').toString();
	}

	private static String points(int count) {
		StringBuilder json = new StringBuilder();
		for (int i = 0; i < count; i++) {
			json.append(i == 0 ? "" : ",").append('[').append(1764028800000L + i).append(",1]");
		}
		return json.toString();
	}

}
