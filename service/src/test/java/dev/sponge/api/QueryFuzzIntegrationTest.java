package dev.sponge.api;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.api.HostileBodies.DAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes every query parameter of every read endpoint with valid, borderline and hostile
 * values (seeded, see {@link FuzzLedger}), including real cursors reused with other
 * parameters or altered: every answer is a 4xx problem or a well-formed 2xx, never a 5xx,
 * and the service stays ready.
 */
@IntegrationTest
class QueryFuzzIntegrationTest {

	// Values stay short enough that a request line stays under Reactor Netty's 4 KB
	// limit:
	// longer lines never reach the application (see docs/reliability.md).
	private static final String[] HOSTILE = { "", " ", "'", "\"", "';DROP TABLE points;--", "%", "%00", "\u0000",
			"\uFFFF", "\uD83D\uDE00", "null", "-1", "0", "NaN", "Infinity", "1e999", "9".repeat(40), "[]", "{}", "*",
			"|", ":", "::", "\n", "\r\n", "../", "${jndi:ldap://x}", "<script>", "a".repeat(700), "q.m:x" };

	/** Percent-encoded bytes that are not UTF-8, sent as they are. */
	private static final String[] RAW_BAD_UTF8 = { "%FF", "%C3%28", "%ED%A0%80", "%C0%80", "%E2%82" };

	private static final String[] TIMES = { "now", "-15m", "-1h", "-7d", "-0m", "-99999999999d", "+1h", "1h", "-1x",
			"-", "--1m", Long.toString(DAY), Long.toString(DAY + 50), "-1", "0", "9223372036854775807",
			"-9223372036854775808", "9223372036854775808", "2025-11-25T00:00:00Z",
			"2025-11-25T00:00:00.123456789+14:00", "2025-13-45T99:99:99Z", "2025-11-25", "1e3", " 5", "-400d", "-31d",
			"-32d" };

	private static final String[] LIMITS = { "1", "2", "3", "0", "-1", "10000", "10001", "2147483648", "abc", "1.5",
			" 1", "0x10" };

	private static final String[] STEPS = { "1s", "1m", "5m", "1h", "1d", "0s", "1ms", "-1m", "PT1M", "PT0.5S", "P1D",
			"P400D", "2d", "1000000000000s", "m", "1", "60", "PT", "1w" };

	private static final String[] AGGS = { "avg", "avg,max", "min,max,sum,count,first,last", "p50", "p99", "p0", "p100",
			"p101", "p-1", "pNaN", "avg,,max", ",", "avg,avg", "avg,".repeat(200) };

	private static final String[] ENDPOINTS = { "points-raw", "points-agg", "latest", "series", "metrics" };

	private final RawHttp http;

	private final FuzzLedger ledger = new FuzzLedger("query");

	private final List<String> cursors = new ArrayList<>();

	QueryFuzzIntegrationTest(@LocalServerPort int port) {
		this.http = new RawHttp(port);
	}

	@Test
	void everyQueryParameterOfEveryEndpointAnswers4xxProblemOr2xxNever5xx() {
		String token = Tokens.writerReader(Tokens.uniqueTenant());
		StringBuilder body = new StringBuilder();
		for (int i = 0; i < 6; i++) {
			body.append(HostileBodies.series((i % 2 == 0) ? "q.m" : "q.n", i, 60, new Random(i))).append('\n');
		}
		assertThat(this.http.post(token, "/api/v1/points", "application/x-ndjson", HostileBodies.utf8(body.toString()))
			.statusCode()).isEqualTo(200);
		Random random = this.ledger.random();
		for (int c = 0; c < 700; c++) {
			String endpoint = ENDPOINTS[random.nextInt(ENDPOINTS.length)];
			String query = query(endpoint, random);
			String path = endpoint.startsWith("points") ? "/api/v1/points" : "/api/v1/" + endpoint;
			HttpResponse<String> response = this.http.getRaw(token, path, query);
			if (this.ledger.record(endpoint, path + "?" + query, response) == 200) {
				checkPage(endpoint, path + "?" + query, response.body());
			}
		}
		assertThat(this.http.get(null, "/actuator/health/readiness", List.of()).statusCode()).isEqualTo(200);
		this.ledger.report();
	}

	private String query(String endpoint, Random random) {
		List<String> params = new ArrayList<>();
		boolean points = endpoint.startsWith("points");
		if (!endpoint.equals("metrics") && random.nextInt(10) < 8) {
			params.add(param("metric", random.nextBoolean() ? "q.m" : pick(HOSTILE, random), random));
		}
		if (!endpoint.equals("metrics")) {
			for (int i = random.nextInt(3); i > 0; i--) {
				String[] tags = { "site:s0", "site:*", "site:s0|s2", "site:", ":s0", "site:" + "x".repeat(300) };
				params.add(param("tag", random.nextBoolean() ? pick(tags, random) : pick(HOSTILE, random), random));
			}
		}
		if (points) {
			if (random.nextInt(10) < 7) {
				params.add(param("from", random.nextInt(3) > 0 ? pick(TIMES, random) : pick(HOSTILE, random), random));
			}
			if (random.nextInt(10) < 7) {
				params.add(param("to", random.nextInt(3) > 0 ? pick(TIMES, random) : pick(HOSTILE, random), random));
			}
		}
		if (!endpoint.equals("latest") && random.nextInt(10) < 6) {
			params.add(param("limit", pick(LIMITS, random), random));
		}
		if (!endpoint.equals("latest") && random.nextInt(10) < 4) {
			params.add(param("cursor", cursor(random), random));
		}
		if (endpoint.equals("points-agg") || random.nextInt(20) == 0) {
			params.add(param("step", random.nextInt(4) > 0 ? pick(STEPS, random) : pick(HOSTILE, random), random));
			if (random.nextInt(10) < 7) {
				params.add(param("agg", random.nextInt(4) > 0 ? pick(AGGS, random) : pick(HOSTILE, random), random));
			}
		}
		if (random.nextInt(10) == 0) {
			params.add(param(pick(new String[] { "limit", "metric", "from", "zzz", "cursor" }, random),
					pick(HOSTILE, random), random));
		}
		java.util.Collections.shuffle(params, random);
		return String.join("&", params);
	}

	private static String param(String name, String value, Random random) {
		String encoded = RawHttp.encode(value);
		if (random.nextInt(25) == 0) {
			encoded += RAW_BAD_UTF8[random.nextInt(RAW_BAD_UTF8.length)];
		}
		return name + "=" + encoded;
	}

	private String cursor(Random random) {
		if (this.cursors.isEmpty() || random.nextInt(4) == 0) {
			return random.nextBoolean() ? pick(HOSTILE, random) : "YzIKeHgKMQ.c2lnbmF0dXJl";
		}
		String cursor = this.cursors.get(random.nextInt(this.cursors.size()));
		if (random.nextBoolean()) {
			char[] chars = cursor.toCharArray();
			int at = random.nextInt(chars.length);
			chars[at] = (chars[at] == 'A') ? 'B' : 'A';
			return new String(chars);
		}
		return cursor;
	}

	private void checkPage(String endpoint, String input, String body) {
		JsonNode page = JsonMapper.shared().readTree(body);
		JsonNode items = page.get(endpoint.equals("metrics") ? "metrics" : "series");
		if (items == null || !items.isArray()) {
			this.ledger.violation(endpoint, input, "200 without a list: " + body);
			return;
		}
		for (JsonNode item : items) {
			String metric = endpoint.equals("metrics") ? item.asString() : item.get("metric").asString();
			if (!metric.equals("q.m") && !metric.equals("q.n")) {
				this.ledger.violation(endpoint, input, "a metric this tenant never wrote: " + metric);
			}
		}
		JsonNode next = page.get("next");
		if (next != null && next.isString() && this.cursors.size() < 200) {
			this.cursors.add(next.asString());
		}
	}

	private static String pick(String[] values, Random random) {
		return values[random.nextInt(values.length)];
	}

}
