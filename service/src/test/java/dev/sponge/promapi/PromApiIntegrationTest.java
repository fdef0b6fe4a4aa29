package dev.sponge.promapi;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus' query API through the real service, Cassandra node and issuer, answering
 * the calls Grafana's Prometheus data source makes: the data source test ({@code 1+1},
 * buildinfo), label and label-value variables with {@code match[]}, the metrics browser
 * (series), Explore's range query, and queries as form POSTs; errors in Prometheus'
 * envelope; one tenant never sees another's series.
 */
@IntegrationTest
class PromApiIntegrationTest {

	private static final String PREFIX = "/api/prom/api/v1";

	/** A whole minute half an hour ago: points every 15 s for 20 minutes from there. */
	private final long base = Instant.now()
		.truncatedTo(ChronoUnit.MINUTES)
		.minus(30, ChronoUnit.MINUTES)
		.toEpochMilli();

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.writerReader(this.tenant);

	private final WebTestClient client;

	private final Api api;

	PromApiIntegrationTest(@Autowired WebTestClient client) {
		this.client = client;
		this.api = new Api(client);
		List<List<Number>> a = new ArrayList<>();
		List<List<Number>> b = new ArrayList<>();
		List<List<Number>> temperature = new ArrayList<>();
		for (int i = 0; i <= 80; i++) {
			long ts = this.base + i * 15_000L;
			a.add(List.of(ts, i * 3.0));
			b.add(List.of(ts, (i < 40) ? i : i - 40));
			temperature.add(List.of(ts, 20 + (i % 4)));
		}
		this.api.ingested(this.token,
				List.of(series("http_requests_total", Map.of("job", "api", "instance", "a"), a),
						series("http_requests_total", Map.of("job", "api", "instance", "b"), b),
						series("room.temperature", Map.of("site", "lab"), temperature)));
	}

	private long at(int index) {
		return this.base + index * 15_000L;
	}

	private static String seconds(long millis) {
		return Long.toString(millis / 1000);
	}

	/**
	 * A GET with its parameters encoded as a client encodes them: what it answers, as
	 * JSON.
	 */
	@SuppressWarnings("unchecked")
	private Map<String, Object> get(String path, String... params) {
		return this.client.get().uri((uri) -> {
			uri.path(PREFIX + path);
			Object[] values = new Object[params.length / 2];
			for (int i = 0; i < params.length; i += 2) {
				uri.queryParam(params[i], "{v" + i / 2 + "}");
				values[i / 2] = params[i + 1];
			}
			return uri.build(values);
		})
			.headers(Api.bearer(this.token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void grafanasDataSourceTestGetsOnePlusOneAndBuildInfo() {
		Map<String, Object> answer = this.client.get()
			.uri(PREFIX + "/query?query={q}&time={t}", "1+1", "1764057600.5")
			.headers(Api.bearer(this.token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(answer).containsEntry("status", "success");
		assertThat((Map<String, Object>) answer.get("data")).containsEntry("resultType", "scalar")
			.containsEntry("result", List.of(1764057600.5, "2"));
		this.client.get()
			.uri(PREFIX + "/status/buildinfo")
			.headers(Api.bearer(this.token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("success")
			.jsonPath("$.data.version")
			.isEqualTo("2.42.0");
	}

	@Test
	void instantQueryAggregatesRatesOfStoredPointsWithValuesAsStrings() {
		this.client.get()
			.uri(PREFIX + "/query?query={q}&time={t}", "sum by (job) (rate(http_requests_total[1m]))", seconds(at(60)))
			.headers(Api.bearer(this.token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data.resultType")
			.isEqualTo("vector")
			.jsonPath("$.data.result[0].metric")
			.isEqualTo(Map.of("job", "api"))
			// a: 3 per 15 s; b: 1 per 15 s (no reset in this minute): 4 / 15 s.
			.jsonPath("$.data.result[0].value[1]")
			.value((String value) -> assertThat(Double.parseDouble(value)).isCloseTo(4.0 / 15,
					org.assertj.core.data.Offset.offset(1e-9)));
	}

	@Test
	void rangeQueryAnswersAMatrixAtEveryStepAsExploreAsksForIt() {
		this.client.post()
			.uri(PREFIX + "/query_range")
			.headers(Api.bearer(this.token))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("query", "resets(http_requests_total{instance=\"b\"}[5m])")
				.with("start", seconds(at(20)))
				.with("end", seconds(at(80)))
				.with("step", "300s"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data.resultType")
			.isEqualTo("matrix")
			.jsonPath("$.data.result[0].metric")
			.isEqualTo(Map.of("instance", "b", "job", "api"))
			.jsonPath("$.data.result[0].values[*][1]")
			// The reset at index 40 is within the windows ending at 40 (closed ranges),
			// not 60.
			.isEqualTo(List.of("0", "1", "0", "0"));
	}

	@Test
	void selectorOfAMetricNamePromQLCannotSpellBareReadsItQuoted() {
		Map<String, Object> answer = get("/query", "query", "{\"room.temperature\", site=~\"l.b\"}", "time",
				seconds(at(3)));
		assertThat(answer.toString()).contains("__name__=room.temperature", "23");
	}

	@Test
	void labelsLabelValuesAndSeriesAnswerTheVariablesAndMetricsBrowser() {
		assertThat(get("/labels")).containsEntry("data", List.of("__name__", "instance", "job", "site"));
		assertThat(get("/label/__name__/values")).containsEntry("data",
				List.of("http_requests_total", "room.temperature"));
		assertThat(get("/label/instance/values", "match[]", "http_requests_total{job=\"api\"}")).containsEntry("data",
				List.of("a", "b"));
		assertThat(get("/labels", "match[]", "{__name__=\"room.temperature\"}")).containsEntry("data",
				List.of("__name__", "site"));
		assertThat(get("/series", "match[]", "http_requests_total{instance!=\"a\"}")).containsEntry("data",
				List.of(Map.of("__name__", "http_requests_total", "instance", "b", "job", "api")));
		assertThat(get("/metadata")).containsEntry("data", Map.of());
	}

	@Test
	void invalidQueryIsBadDataNamingThePositionAndUnsupportedIsExecution() {
		this.client.get()
			.uri(PREFIX + "/query?query={q}", "sum(rate(x[5m])")
			.headers(Api.bearer(this.token))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("error")
			.jsonPath("$.errorType")
			.isEqualTo("bad_data")
			.jsonPath("$.error")
			.value((String error) -> assertThat(error).startsWith("invalid parameter \"query\": 1:16: parse error"));
		this.client.get()
			.uri(PREFIX + "/query?query={q}", "holt_winters(x[5m], 0.1, 0.1)")
			.headers(Api.bearer(this.token))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errorType")
			.isEqualTo("execution")
			.jsonPath("$.error")
			.value((String error) -> assertThat(error).contains("holt_winters()"));
		this.client.get()
			.uri(PREFIX + "/query_range?query=up&start=10&end=5&step=1")
			.headers(Api.bearer(this.token))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errorType")
			.isEqualTo("bad_data");
	}

	@Test
	void anotherTenantSeesNoneOfTheSeries() {
		String other = Tokens.writerReader(Tokens.uniqueTenant());
		this.client.get()
			.uri(PREFIX + "/query?query={q}&time={t}", "http_requests_total", seconds(at(60)))
			.headers(Api.bearer(other))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data.result")
			.isEmpty();
	}

}
