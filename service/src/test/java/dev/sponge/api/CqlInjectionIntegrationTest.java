package dev.sponge.api;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CQL injection attempts in every string a client controls. Every statement is prepared
 * with bound values, so what the name syntax allows is stored and returned verbatim, and
 * what it does not is refused with a 400 problem that writes nothing.
 */
@IntegrationTest
class CqlInjectionIntegrationTest {

	private static final long DAY = 1764028800000L;

	/** Tag values may be any UTF-8 text, so every attack must come back unchanged. */
	private static final List<String> VALUES = List.of("'", "''", "\"", ";", "x'; DROP TABLE points; --", "' OR '1'='1",
			"a' AND tenant='other", "/* comment */", "-- comment", "$$ body $$", "\\' \\\"", "?", ":name",
			"SELECT * FROM system_auth.roles;", "BEGIN BATCH APPLY BATCH;", "%' ALLOW FILTERING",
			"é\u0000\uD83D\uDE00");

	/** Metric names and tag keys that are CQL-ish yet legal names. */
	private static final List<String> NAMES = List.of("select", "DROP", "from:where", "insert.into", "a--b",
			"_ALLOW_FILTERING", "token", "tenant");

	private final Api api;

	private final RawHttp http;

	private final String token = Tokens.writerReader(Tokens.uniqueTenant());

	CqlInjectionIntegrationTest(@Autowired WebTestClient client, @LocalServerPort int port) {
		this.http = new RawHttp(port);
		this.api = new Api(client);
	}

	@Test
	void attacksInTagValuesAreStoredAndReturnedVerbatim() {
		for (int i = 0; i < VALUES.size(); i++) {
			this.api.ingested(this.token,
					List.of(series("inj.v", Map.of("k", VALUES.get(i)), List.of(List.of(DAY, i)))));
		}
		for (int i = 0; i < VALUES.size(); i++) {
			String value = VALUES.get(i);
			// A literal '|' in a filter separates alternatives; none of these values
			// holds one.
			HttpResponse<String> response = this.http.get(this.token, "/api/v1/points",
					List.of(Map.entry("metric", "inj.v"), Map.entry("tag", "k:" + value),
							Map.entry("from", Long.toString(DAY)), Map.entry("to", Long.toString(DAY + 1))));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			JsonNode series = JsonMapper.shared().readTree(response.body()).get("series");
			assertThat(series).hasSize(1);
			assertThat(series.get(0).get("tags").get("k").asString()).isEqualTo(value);
			assertThat(series.get(0).get("points").get(0).get(1).asInt()).isEqualTo(i);
		}
		Map<?, ?> all = this.api.get(this.token, "/api/v1/series", (q) -> q.queryParam("metric", "inj.v"))
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat((List<?>) all.get("series"))
			.extracting((s) -> (Object) ((Map<?, ?>) ((Map<?, ?>) s).get("tags")).get("k"))
			.containsExactlyInAnyOrderElementsOf(List.<Object>copyOf(VALUES));
	}

	@Test
	void cqlWordsAsMetricNamesAndTagKeysAreJustNames() {
		for (String name : NAMES) {
			// A tag filter splits at its first ':', so keys holding one cannot be
			// filtered.
			String key = name.replace(':', '_');
			this.api.ingested(this.token, List.of(series(name, Map.of(key, name), List.of(List.of(DAY, 7)))));
			this.api
				.get(this.token, "/api/v1/latest",
						(q) -> q.queryParam("metric", name).queryParam("tag", key + ":" + name))
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.series[0].metric")
				.isEqualTo(name)
				.jsonPath("$.series[0].tags['" + key + "']")
				.isEqualTo(name);
		}
	}

	@Test
	void attacksWhereOnlyNamesAreAllowedAre400AndWriteNothing() {
		for (String attack : List.of("m'; DROP TABLE points; --", "m\" OR 1=1", "m;", "m/*x*/", "m m")) {
			this.api.ingest(this.token, List.of(series(attack, Map.of(), List.of(List.of(DAY, 1)))))
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("[0].metric");
			this.api.ingest(this.token, List.of(series("inj.key", Map.of(attack, "v"), List.of(List.of(DAY, 1)))))
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("[0].tags." + attack);
			for (String path : List.of("/api/v1/latest", "/api/v1/series", "/api/v1/points")) {
				HttpResponse<String> badMetric = this.http.get(this.token, path, List.of(Map.entry("metric", attack)));
				assertThat(badMetric.statusCode()).as(badMetric.body()).isEqualTo(400);
				assertThat(badMetric.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				HttpResponse<String> badKey = this.http.get(this.token, path,
						List.of(Map.entry("metric", "inj.v"), Map.entry("tag", attack + ":v")));
				assertThat(badKey.statusCode()).as(badKey.body()).isEqualTo(400);
			}
		}
		this.api.get(this.token, "/api/v1/metrics", (q) -> {
		}).expectStatus().isOk().expectBody().jsonPath("$.metrics[?(@ == 'inj.key')]").doesNotExist();
	}

}
