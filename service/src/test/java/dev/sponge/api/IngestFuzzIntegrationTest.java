package dev.sponge.api;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.sponge.series.SeriesNaming;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.api.HostileBodies.DAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@code POST /api/v1/points} with malformed and randomly damaged bodies (seeded,
 * see {@link FuzzLedger}): every answer is a 4xx problem or a 2xx, never a 5xx; what must
 * be refused is refused and leaves nothing behind; what got in is well-formed; and the
 * service stays ready.
 */
@IntegrationTest
class IngestFuzzIntegrationTest {

	private static final String JSON = "application/json";

	private static final String NDJSON = "application/x-ndjson";

	private static final List<String> WRONG_TYPES = List.of("text/plain", "application/xml", "text/html",
			"multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/octet-stream",
			"image/png", "application/cbor", "garbage", "application/", "/json", ";;;", "application/json-seq");

	private final RawHttp http;

	private final FuzzLedger ledger = new FuzzLedger("ingest");

	IngestFuzzIntegrationTest(@LocalServerPort int port) {
		this.http = new RawHttp(port);
	}

	@Test
	void malformedBodiesAreRefusedWith4xxProblemsAndWriteNothing() throws Exception {
		String tenant = Tokens.uniqueTenant();
		String token = Tokens.writerReader(tenant);
		Random random = this.ledger.random();
		refuseAll(token, "deep-nesting", 40, HostileBodies::deepNesting);
		refuseAll(token, "huge-numbers", 60, HostileBodies::hugeNumber);
		refuseAll(token, "nan-infinity", 60, HostileBodies::nonFinite);
		refuseAll(token, "duplicate-keys", 40, HostileBodies::duplicateKeys);
		refuseAll(token, "invalid-utf8", 60, HostileBodies::invalidUtf8);
		refuseAll(token, "giant-strings", 30, (r) -> HostileBodies.giantString(r, 16 * 1024 * 1024));
		byte[] valid = HostileBodies.utf8(HostileBodies.array(HostileBodies.series("fz.typed", 1, 2, random)));
		for (String type : WRONG_TYPES) {
			expectRefused("wrong-content-type", type, this.http.post(token, "/api/v1/points", type, valid));
		}
		for (int i = 0; i < 20; i++) {
			byte[] body = HostileBodies.deepNesting(random);
			expectRefused("wrong-content-type", "ndjson nesting",
					this.http.post(token, "/api/v1/points", NDJSON, body));
		}
		this.ledger.report();
		assertThat(metricsOf(token)).as("metrics of a tenant whose every request was refused").isEmpty();
		assertReady();
	}

	@Test
	void aTruncatedNdjsonLineStopsTheStreamAfterTheLinesBeforeIt() throws Exception {
		String token = Tokens.writerReader(Tokens.uniqueTenant());
		Random random = this.ledger.random();
		for (int c = 0; c < 80; c++) {
			String metric = "fz.nd" + c;
			int before = random.nextInt(4);
			StringBuilder body = new StringBuilder();
			int written = 0;
			for (int line = 0; line < before; line++) {
				int points = 1 + random.nextInt(3);
				written += points;
				body.append(HostileBodies.series(metric, line, points, random)).append('\n');
			}
			String whole = HostileBodies.series(metric, 99, 2, random);
			body.append(whole, 0, 1 + random.nextInt(whole.length() - 1));
			if (random.nextBoolean()) {
				body.append('\n').append(HostileBodies.series(metric, 100, 1, random)).append('\n');
			}
			HttpResponse<String> response = this.http.post(token, "/api/v1/points", NDJSON,
					body.toString().getBytes(StandardCharsets.UTF_8));
			int status = this.ledger.record("ndjson-truncated", body.toString(), response);
			if (status != 400 || !response.body().contains("line " + (before + 1))) {
				this.ledger.violation("ndjson-truncated", body.toString(), "not a 400 naming the line: " + status);
			}
			JsonNode page = json(this.http.get(token, "/api/v1/points", List.of(Map.entry("metric", metric),
					Map.entry("from", Long.toString(DAY)), Map.entry("to", Long.toString(DAY + 10)))));
			int stored = 0;
			for (JsonNode series : page.get("series")) {
				assertThat(series.get("tags").get("site").asString()).isNotIn("s99", "s100");
				stored += series.get("points").size();
			}
			assertThat(stored).as("points of the lines before the truncated one").isEqualTo(written);
		}
		assertReady();
		this.ledger.report();
	}

	@Test
	void randomlyDamagedBodiesNeverCauseA5xxNorStoreAnythingMalformed() throws Exception {
		String token = Tokens.writerReader(Tokens.uniqueTenant());
		Random random = this.ledger.random();
		for (int c = 0; c < 300; c++) {
			String valid = HostileBodies.array(
					HostileBodies.series("fz.m" + random.nextInt(20), random.nextInt(5), 1 + random.nextInt(3), random),
					HostileBodies.series("fz.n", 0, 1, random));
			byte[] body = HostileBodies.mutate(HostileBodies.utf8(valid), random);
			this.ledger.record("mutated-json", new String(body, StandardCharsets.UTF_8),
					this.http.post(token, "/api/v1/points", JSON, body));
		}
		for (int c = 0; c < 100; c++) {
			String valid = HostileBodies.series("fz.l" + random.nextInt(20), 0, 2, random) + "\n"
					+ HostileBodies.series("fz.l" + random.nextInt(20), 1, 1, random) + "\n";
			byte[] body = HostileBodies.mutate(HostileBodies.utf8(valid), random);
			this.ledger.record("mutated-ndjson", new String(body, StandardCharsets.UTF_8),
					this.http.post(token, "/api/v1/points", NDJSON, body));
		}
		List<String> metrics = metricsOf(token);
		assertThat(metrics).allSatisfy((metric) -> assertThat(SeriesNaming.metricProblem(metric)).isNull());
		for (String metric : metrics) {
			JsonNode latest = json(this.http.get(token, "/api/v1/latest", List.of(Map.entry("metric", metric))));
			for (JsonNode series : latest.get("series")) {
				assertThat(series.get("value").isNumber()).isTrue();
				series.get("tags").properties().forEach((tag) -> {
					assertThat(SeriesNaming.tagKeyProblem(tag.getKey())).isNull();
					assertThat(SeriesNaming.tagValueProblem(tag.getValue().asString())).isNull();
				});
			}
		}
		assertReady();
		this.ledger.report();
	}

	private void refuseAll(String token, String category, int cases, Function<Random, byte[]> generator) {
		for (int i = 0; i < cases; i++) {
			byte[] body = generator.apply(this.ledger.random());
			expectRefused(category, new String(body, StandardCharsets.UTF_8),
					this.http.post(token, "/api/v1/points", JSON, body));
		}
	}

	private void expectRefused(String category, String input, HttpResponse<String> response) {
		int status = this.ledger.record(category, input, response);
		if (status < 400 || status >= 500) {
			this.ledger.violation(category, input, "accepted with " + status);
		}
	}

	private List<String> metricsOf(String token) throws Exception {
		List<String> names = new ArrayList<>();
		json(this.http.get(token, "/api/v1/metrics", List.of(Map.entry("limit", "10000")))).get("metrics")
			.forEach((name) -> names.add(name.asString()));
		return names;
	}

	private void assertReady() {
		assertThat(this.http.get(null, "/actuator/health/readiness", List.of()).statusCode()).isEqualTo(200);
	}

	private static JsonNode json(HttpResponse<String> response) throws Exception {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JsonMapper.shared().readTree(response.body());
	}

}
