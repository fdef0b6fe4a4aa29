package dev.sponge.promapi;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;

import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.promapi.GrafanaRequests.data;
import static dev.sponge.promapi.GrafanaRequests.form;
import static dev.sponge.promapi.GrafanaRequests.object;
import static dev.sponge.promapi.GrafanaRequests.result;
import static dev.sponge.promapi.GrafanaRequests.valuesByLabel;
import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The requests Grafana's built-in Prometheus data source (Grafana 10 and 11) sends to the
 * URL {@code <edge>/api/prom}, replayed as Grafana sends them, with a data source set to
 * POST (Grafana's default: queries and {@code labels}/{@code series} as form POSTs, label
 * values, metadata and buildinfo as GETs) and to GET; each answer asserted as Grafana
 * reads it. Grafana itself cannot run here.
 * <ul>
 * <li>Save &amp; test: its backend's instant query {@code 1+1} at {@code time=4}, then
 * {@code status/buildinfo}, whose version turns on the {@code match[]} label API and
 * whose lack of {@code features} makes the source "Prometheus", not Mimir; the probes of
 * {@code query_exemplars} and {@code rules}, which Sponge does not serve, so Grafana
 * turns exemplars and rule expansion off.</li>
 * <li>Variables: {@code label_values(selector, label)}, {@code label_values(label)},
 * {@code label_names()}, {@code label_names(metric)}, {@code metrics(regex)},
 * {@code query_result(expr)}, with the snapped {@code start} and {@code end} Grafana
 * adds.</li>
 * <li>The metrics browser: metric names, metadata, label names, a label's values under
 * the chosen metric, and the selector's validation through {@code series} with
 * {@code limit}.</li>
 * <li>Explore: a range query of {@code rate(...[$__rate_interval])}, which Grafana's
 * backend sends as {@code [1m0s]}, on steps aligned to the step, with the instant query
 * Explore runs beside it.</li>
 * </ul>
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaDataSourceReplayIntegrationTest {

	/**
	 * A whole minute 20 minutes ago: points every 15 s from there to the current whole
	 * minute.
	 */
	private final long base = Instant.now()
		.truncatedTo(ChronoUnit.MINUTES)
		.minus(20, ChronoUnit.MINUTES)
		.toEpochMilli();

	private final String token = Tokens.writerReader(Tokens.uniqueTenant());

	private final WebTestClient client;

	private final GrafanaRequests grafana;

	/** The dashboard's time range (last hour) as Grafana snaps it: whole minutes. */
	private final String start = seconds(Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS));

	private final String end = seconds(Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES));

	GrafanaDataSourceReplayIntegrationTest(@Autowired WebTestClient client) {
		this.client = client;
		this.grafana = new GrafanaRequests(client, this.token);
	}

	@BeforeAll
	void writeTheDashboardsPoints() {
		List<List<Number>> a = new ArrayList<>();
		List<List<Number>> b = new ArrayList<>();
		List<List<Number>> c = new ArrayList<>();
		List<List<Number>> temperature = new ArrayList<>();
		for (int i = 0; i <= 80; i++) {
			long ts = at(i);
			a.add(List.of(ts, i * 3.0));
			b.add(List.of(ts, i));
			c.add(List.of(ts, i * 6.0));
			temperature.add(List.of(ts, 20 + (i % 4)));
		}
		new Api(this.client).ingested(this.token,
				List.of(series("http_requests_total", Map.of("job", "api", "instance", "a"), a),
						series("http_requests_total", Map.of("job", "api", "instance", "b"), b),
						series("http_requests_total", Map.of("job", "web", "instance", "c"), c),
						series("node_temperature_celsius", Map.of("site", "lab"), temperature)));
	}

	private long at(int index) {
		return this.base + index * 15_000L;
	}

	private static String seconds(Instant instant) {
		return Long.toString(instant.getEpochSecond());
	}

	@Test
	void saveAndTestGetsOnePlusOneAndAPrometheusBuildInfoAndNoExemplarsOrRules() {
		// Grafana's backend: the health check's instant query over 1 s .. 4 s.
		for (Map<String, Object> answer : List.of(
				this.grafana.postForm("/api/v1/query", form("query", "1+1", "time", "4")),
				this.grafana.get("/api/v1/query", "query", "1+1", "time", "4"))) {
			assertThat(answer).containsEntry("status", "success");
			Map<String, Object> data = object(answer);
			assertThat(data).containsEntry("resultType", "scalar");
			List<?> result = (List<?>) data.get("result");
			assertThat(((Number) result.get(0)).doubleValue()).isEqualTo(4.0);
			assertThat(result.get(1)).isEqualTo("2");
		}
		Map<String, Object> buildinfo = object(this.grafana.get("/api/v1/status/buildinfo"));
		String[] version = ((String) buildinfo.get("version")).split("\\.");
		// 2.24 and later: Grafana asks labels and label values with match[].
		assertThat(Integer.parseInt(version[0]) * 1000 + Integer.parseInt(version[1])).isGreaterThanOrEqualTo(2024);
		assertThat(buildinfo.get("features")).as("no features: Grafana's heuristics say Prometheus, not Mimir")
			.satisfiesAnyOf((features) -> assertThat(features).isNull(),
					(features) -> assertThat((Map<?, ?>) features).isEmpty());
		// The front end's probes, with showErrorAlert off: anything but success turns the
		// feature off without a message.
		String now = Long.toString(Instant.now().toEpochMilli());
		String before = Long.toString(Instant.now().minus(30, ChronoUnit.MINUTES).toEpochMilli());
		assertThat(this.grafana.getStatus("/api/v1/query_exemplars", "query", "test", "start", before, "end", now))
			.isEqualTo(404);
		assertThat(this.grafana.postFormStatus("/api/v1/query_exemplars",
				form("query", "test", "start", before, "end", now)))
			.isEqualTo(404);
		assertThat(this.grafana.getStatus("/api/v1/rules")).isEqualTo(404);
	}

	@Test
	void labelAndLabelValueVariablesAnswerWithMatchAndGrafanasTimeRange() {
		// label_values(http_requests_total{job="api"}, instance)
		assertThat(data(this.grafana.get("/api/v1/label/instance/values", "start", this.start, "end", this.end,
				"match[]", "http_requests_total{job=\"api\"}")))
			.isEqualTo(List.of("a", "b"));
		// label_values(job)
		assertThat(data(this.grafana.get("/api/v1/label/job/values", "start", this.start, "end", this.end)))
			.isEqualTo(List.of("api", "web"));
		// label_names()
		assertThat(data(this.grafana.postForm("/api/v1/labels", form("start", this.start, "end", this.end))))
			.isEqualTo(List.of("__name__", "instance", "job", "site"));
		// label_names(node_temperature_celsius), as POST and as GET
		MultiValueMap<String, String> named = form("start", this.start, "end", this.end, "match[]",
				"node_temperature_celsius");
		assertThat(data(this.grafana.postForm("/api/v1/labels", named))).isEqualTo(List.of("__name__", "site"));
		assertThat(data(this.grafana.get("/api/v1/labels", "start", this.start, "end", this.end, "match[]",
				"node_temperature_celsius")))
			.isEqualTo(List.of("__name__", "site"));
		// metrics(http_.*): Grafana filters the names itself.
		assertThat(data(this.grafana.get("/api/v1/label/__name__/values", "start", this.start, "end", this.end)))
			.isEqualTo(List.of("http_requests_total", "node_temperature_celsius"));
		// query_result(sum by (job) (http_requests_total)) at the range's end.
		Map<String, Object> result = object(this.grafana.postForm("/api/v1/query",
				form("query", "sum by (job) (http_requests_total)", "time", this.end)));
		assertThat(result).containsEntry("resultType", "vector");
		assertThat(valuesByLabel(result, "job")).isEqualTo(Map.of("api", 80 * 4.0, "web", 80 * 6.0));
	}

	@Test
	void metricsBrowserListsNamesLabelsAndValuesAndValidatesTheSelector() {
		assertThat(data(this.grafana.get("/api/v1/label/__name__/values", "start", this.start, "end", this.end)))
			.isEqualTo(List.of("http_requests_total", "node_temperature_celsius"));
		// No types, help or units: the browser shows the names without them.
		assertThat(data(this.grafana.get("/api/v1/metadata"))).isEqualTo(Map.of());
		assertThat(data(this.grafana.postForm("/api/v1/labels", form("start", this.start, "end", this.end))))
			.isEqualTo(List.of("__name__", "instance", "job", "site"));
		// The metric chosen: the values of a label under it, and the labels left.
		assertThat(data(this.grafana.get("/api/v1/label/job/values", "match[]", "{__name__=\"http_requests_total\"}",
				"start", this.start, "end", this.end)))
			.isEqualTo(List.of("api", "web"));
		assertThat(data(this.grafana.postForm("/api/v1/labels", form("match[]",
				"{__name__=\"http_requests_total\",job=\"api\"}", "start", this.start, "end", this.end))))
			.isEqualTo(List.of("__name__", "instance", "job"));
		// "Validate selector": the series it selects, with the browser's limit.
		assertThat(data(this.grafana.postForm("/api/v1/series",
				form("match[]", "{__name__=\"http_requests_total\",job=\"api\"}", "start", this.start, "end", this.end,
						"limit", "40000"))))
			.isEqualTo(List.of(Map.of("__name__", "http_requests_total", "instance", "a", "job", "api"),
					Map.of("__name__", "http_requests_total", "instance", "b", "job", "api")));
	}

	@Test
	@SuppressWarnings("unchecked")
	void exploreRangeQueryOfARateAnswersAMatrixOnGrafanasStepsBesideItsInstantQuery() {
		// $__rate_interval at a 15 s step: max(15 s + 15 s, 4 * 15 s), Go's "1m0s".
		String query = "sum by (job) (rate(http_requests_total[1m0s]))";
		String from = Long.toString(at(0) / 1000);
		String to = Long.toString(at(80) / 1000);
		Map<String, Object> posted = object(this.grafana.postForm("/api/v1/query_range",
				form("query", query, "start", from, "end", to, "step", "15")));
		Map<String, Object> got = object(
				this.grafana.get("/api/v1/query_range", "query", query, "start", from, "end", to, "step", "15"));
		assertThat(got).isEqualTo(posted);
		assertThat(posted).containsEntry("resultType", "matrix");
		List<Map<String, Object>> series = result(posted);
		assertThat(series).extracting((one) -> one.get("metric"))
			.containsExactlyInAnyOrder(Map.of("job", "api"), Map.of("job", "web"));
		for (Map<String, Object> one : series) {
			List<List<Object>> values = (List<List<Object>>) one.get("values");
			// From the first step whose window holds two points to the last.
			assertThat(values).hasSize(80);
			assertThat(((Number) values.get(0).get(0)).longValue()).isEqualTo(at(1) / 1000);
			assertThat(((Number) values.get(79).get(0)).longValue()).isEqualTo(at(80) / 1000);
			// At step 20 the window holds five points 60 s apart end to end: no
			// extrapolation. api: (3 + 1) / 15 s; web: 6 / 15 s.
			double expected = one.get("metric").equals(Map.of("job", "api")) ? 4.0 / 15 : 6.0 / 15;
			assertThat(Double.parseDouble((String) values.get(19).get(1))).isCloseTo(expected, within(1e-9));
		}
		Map<String, Object> instant = object(this.grafana.postForm("/api/v1/query", form("query", query, "time", to)));
		assertThat(instant).containsEntry("resultType", "vector");
		Map<String, Double> rates = valuesByLabel(instant, "job");
		assertThat(rates).containsOnlyKeys("api", "web");
		assertThat(rates.get("api")).isCloseTo(4.0 / 15, within(1e-9));
		assertThat(rates.get("web")).isCloseTo(6.0 / 15, within(1e-9));
	}

}
