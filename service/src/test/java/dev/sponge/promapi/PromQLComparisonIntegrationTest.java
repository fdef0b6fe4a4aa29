package dev.sponge.promapi;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.remotewrite.proto.v1.Label;
import dev.sponge.remotewrite.proto.v1.Sample;
import dev.sponge.remotewrite.proto.v1.TimeSeries;
import dev.sponge.remotewrite.proto.v1.WriteRequest;
import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.PrometheusServer;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sponge's PromQL checked against Debian's real Prometheus, the method of Prometheus' own
 * compliance tester: the same remote-write requests (counters with resets and gaps,
 * gauges, a classic histogram, a sparse series older than the lookback, then late points:
 * samples between ones already written) are written to Prometheus' remote-write receiver
 * (with an out-of-order window, so it takes the late ones) and to Sponge; every
 * expression of {@link PromQLCorpus} runs as instant queries at two times and as a range
 * query against both; every answer must be the same series with the same values, within
 * floating-point tolerance, or the same kind of error.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromQLComparisonIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final long MINUTE = 60_000;

	/** A whole minute 55 minutes ago: the data spans the 50 minutes from there. */
	private final long base = Instant.now()
		.truncatedTo(ChronoUnit.MINUTES)
		.minus(55, ChronoUnit.MINUTES)
		.toEpochMilli();

	private final String token = Tokens.writerReader(Tokens.uniqueTenant());

	private final HttpClient http = HttpClient.newHttpClient();

	private final WebTestClient client;

	private PrometheusServer prometheus;

	private final String sponge;

	PromQLComparisonIntegrationTest(@Autowired WebTestClient client, @Value("${local.server.port}") int port) {
		this.sponge = "http://localhost:" + port + "/api/prom";
		this.client = client.mutate().codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 << 20)).build();
	}

	@BeforeAll
	void writeTheSameDataToBoth(@TempDir Path work) throws Exception {
		// Without an out-of-order window Prometheus refuses a sample older than its
		// series' newest; with one it takes the late points as Sponge does.
		this.prometheus = PrometheusServer.start(work,
				(port) -> "global:\n  evaluation_interval: 1m\nstorage:\n  tsdb:\n    out_of_order_time_window: 2h\n",
				List.of("--web.enable-remote-write-receiver", "--enable-feature=promql-negative-offset"));
		writeToBoth(data());
		writeToBoth(latePoints());
	}

	private void writeToBoth(WriteRequest request) throws IOException, InterruptedException {
		byte[] body = Snappy.compress(request.toByteArray());
		HttpResponse<String> written = this.http
			.send(HttpRequest.newBuilder(URI.create(this.prometheus.url() + "/api/v1/write"))
				.header("Content-Type", "application/x-protobuf")
				.header("Content-Encoding", "snappy")
				.header("X-Prometheus-Remote-Write-Version", "0.1.0")
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(written.statusCode()).as("Prometheus took the samples: " + written.body()).isEqualTo(204);
		this.client.post()
			.uri("/api/v1/write")
			.headers(Api.bearer(this.token))
			.header("Content-Type", "application/x-protobuf")
			.header("Content-Encoding", "snappy")
			.header("X-Prometheus-Remote-Write-Version", "0.1.0")
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectBody()
			.isEmpty();
	}

	@AfterAll
	void stopPrometheus() {
		if (this.prometheus != null) {
			this.prometheus.close();
		}
	}

	@Test
	void everyExpressionOfTheCorpusAnswersAsPrometheusAnswers() {
		List<String> differences = new ArrayList<>();
		int queries = 0;
		for (String expr : PromQLCorpus.EXPRESSIONS) {
			// Two instant times off the sample grid: the sparse series within the
			// lookback,
			// and just after the reset; the range query covers the rest, the end
			// included.
			for (long time : List.of(this.base + 13 * MINUTE + 37_000, this.base + 25 * MINUTE + 7_000)) {
				String query = "query=" + encode(expr) + "&time=" + seconds(time);
				compare("/api/v1/query?" + query, differences);
				queries++;
			}
			String range = "query=" + encode(expr) + "&start=" + seconds(this.base + 5 * MINUTE) + "&end="
					+ seconds(this.base + 50 * MINUTE) + "&step=60";
			compare("/api/v1/query_range?" + range, differences);
			queries++;
		}
		assertThat(queries).isGreaterThanOrEqualTo(300);
		assertThat(differences).as("answers that differ from Prometheus'").isEmpty();
	}

	@Test
	void rangeVectorsAndBadQueriesAnswerAsPrometheusAnswers() {
		List<String> differences = new ArrayList<>();
		for (String expr : List.of("cmp_temperature[5m]", "cmp_requests_total{job=\"api\"}[2m] offset 1m",
				"rate(cmp_requests_total[5m])[10m:2m]", "\"a string\"", "sum(", "rate(cmp_temperature)", "1 > 2",
				"cmp_temperature{site=~\"(\"}", "cmp_requests_total + on (job) cmp_requests_total")) {
			compare("/api/v1/query?query=" + encode(expr) + "&time=" + seconds(this.base + 30 * MINUTE), differences);
		}
		compare("/api/v1/query_range?query=" + encode("cmp_temperature[5m]") + "&start=" + seconds(this.base) + "&end="
				+ seconds(this.base + MINUTE) + "&step=15", differences);
		assertThat(differences).as("answers that differ from Prometheus'").isEmpty();
	}

	private void compare(String pathAndQuery, List<String> differences) {
		JsonNode expected = this.prometheus.get(pathAndQuery);
		String answer = this.client.get()
			.uri(URI.create(this.sponge + pathAndQuery))
			.headers(Api.bearer(this.token))
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		JsonNode actual = JSON.readTree(answer);
		String call = java.net.URLDecoder.decode(pathAndQuery, StandardCharsets.UTF_8);
		if (!expected.get("status").asString().equals("success")) {
			if (!"error".equals(actual.path("status").asString())
					|| !expected.get("errorType").asString().equals(actual.path("errorType").asString())) {
				differences.add(call + ": Prometheus " + expected + ", Sponge " + answer);
			}
			return;
		}
		if (!"success".equals(actual.path("status").asString())) {
			differences.add(call + ": Prometheus " + expected + ", Sponge " + answer);
			return;
		}
		String difference = Results.difference(expected.get("data"), actual.get("data"));
		if (difference != null) {
			differences.add(call + ": " + difference);
		}
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static String seconds(long millis) {
		return (millis % 1000 == 0) ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
	}

	/** The data both receive: one remote-write request. */
	private WriteRequest data() {
		WriteRequest.Builder request = WriteRequest.newBuilder();
		// Counters: a reset at 25 minutes; a 10-minute gap; slower with two resets.
		double a = 0;
		TimeSeries.Builder counterA = series("cmp_requests_total", "instance", "a", "job", "api");
		TimeSeries.Builder counterB = series("cmp_requests_total", "instance", "b", "job", "api");
		for (int i = 0; i <= 200; i++) {
			a = (i == 100) ? 2 : a + 3 + (i % 5);
			counterA.addSamples(sample(this.base + i * 15_000L, a));
			if (i < 60 || i >= 100) {
				counterB.addSamples(sample(this.base + i * 15_000L, 1.5 * i));
			}
		}
		TimeSeries.Builder counterC = series("cmp_requests_total", "instance", "c", "job", "web");
		for (int i = 0; i <= 100; i++) {
			counterC.addSamples(sample(this.base + i * 30_000L, 10.0 * (i % 40)));
		}
		// Gauges.
		TimeSeries.Builder lab = series("cmp_temperature", "site", "lab");
		for (int i = 0; i <= 100; i++) {
			lab.addSamples(sample(this.base + i * 30_000L, 20 + ((i * 7) % 11 - 5) / 2.0));
		}
		TimeSeries.Builder roof = series("cmp_temperature", "site", "roof");
		for (int i = 0; i <= 50; i++) {
			roof.addSamples(sample(this.base + i * MINUTE, 18 + (i % 6)));
		}
		TimeSeries.Builder sparse = series("cmp_sparse", "job", "x");
		for (int minute : new int[] { 0, 3, 12, 13, 30 }) {
			sparse.addSamples(sample(this.base + minute * MINUTE + 5_000, minute));
		}
		TimeSeries.Builder infoApi = series("cmp_info", "job", "api", "version", "1.2");
		TimeSeries.Builder infoWeb = series("cmp_info", "job", "web", "version", "2.0");
		for (int i = 0; i <= 50; i++) {
			infoApi.addSamples(sample(this.base + i * MINUTE, 1));
			infoWeb.addSamples(sample(this.base + i * MINUTE, 1));
		}
		request.addTimeseries(counterA)
			.addTimeseries(counterB)
			.addTimeseries(counterC)
			.addTimeseries(lab)
			.addTimeseries(roof)
			.addTimeseries(sparse)
			.addTimeseries(infoApi)
			.addTimeseries(infoWeb);
		// A classic histogram of four buckets, with its sum and count.
		String[] bounds = { "0.1", "0.5", "1", "+Inf" };
		List<TimeSeries.Builder> buckets = new ArrayList<>();
		for (String le : bounds) {
			buckets.add(series("cmp_latency_seconds_bucket", "job", "api", "le", le));
		}
		TimeSeries.Builder sum = series("cmp_latency_seconds_sum", "job", "api");
		TimeSeries.Builder count = series("cmp_latency_seconds_count", "job", "api");
		double[] cumulative = new double[4];
		double total = 0;
		for (int i = 0; i <= 200; i++) {
			long ts = this.base + i * 15_000L;
			double[] added = { i % 3, (i % 4) + 1, i % 2, (i % 7 == 0) ? 1 : 0 };
			double running = 0;
			for (int b = 0; b < 4; b++) {
				running += added[b];
				cumulative[b] += running;
				buckets.get(b).addSamples(sample(ts, cumulative[b]));
			}
			total += 0.05 * added[0] + 0.3 * added[1] + 0.7 * added[2] + 2 * added[3];
			sum.addSamples(sample(ts, total));
			count.addSamples(sample(ts, cumulative[3]));
		}
		buckets.forEach(request::addTimeseries);
		request.addTimeseries(sum).addTimeseries(count);
		return request.build();
	}

	/**
	 * Points written after {@link #data()}, each older than its series' newest: the
	 * roof's half minutes, and the web counter's quarter minutes for ten minutes, between
	 * the values around them.
	 */
	private WriteRequest latePoints() {
		TimeSeries.Builder roof = series("cmp_temperature", "site", "roof");
		for (int i = 0; i < 50; i++) {
			roof.addSamples(sample(this.base + i * MINUTE + 30_000, 18.5 + (i % 6)));
		}
		TimeSeries.Builder counterC = series("cmp_requests_total", "instance", "c", "job", "web");
		for (int i = 50; i < 70; i++) {
			counterC.addSamples(sample(this.base + i * 30_000L + 15_000, 10.0 * (i % 40) + 5));
		}
		return WriteRequest.newBuilder().addTimeseries(roof).addTimeseries(counterC).build();
	}

	private static TimeSeries.Builder series(String name, String... labels) {
		TimeSeries.Builder series = TimeSeries.newBuilder();
		series.addLabels(Label.newBuilder().setName("__name__").setValue(name));
		for (int i = 0; i < labels.length; i += 2) {
			series.addLabels(Label.newBuilder().setName(labels[i]).setValue(labels[i + 1]));
		}
		return series;
	}

	private static Sample sample(long ts, double value) {
		return Sample.newBuilder().setTimestamp(ts).setValue(value).build();
	}

	/** Query results compared as the compliance tester compares them. */
	static final class Results {

		private Results() {
		}

		/** What differs between two {@code data} objects, or {@code null}. */
		static String difference(JsonNode expected, JsonNode actual) {
			String type = expected.get("resultType").asString();
			if (!type.equals(actual.path("resultType").asString())) {
				return "resultType " + type + " but Sponge's " + actual.path("resultType");
			}
			Map<String, List<String[]>> want = normalise(type, expected.get("result"));
			Map<String, List<String[]>> got = normalise(type, actual.get("result"));
			if (!want.keySet().equals(got.keySet())) {
				return "series " + want.keySet() + " but Sponge's " + got.keySet();
			}
			for (String series : want.keySet()) {
				List<String[]> w = want.get(series);
				List<String[]> g = got.get(series);
				if (w.size() != g.size()) {
					return series + ": " + w.size() + " points but Sponge's " + g.size() + " " + text(w) + " / "
							+ text(g);
				}
				for (int i = 0; i < w.size(); i++) {
					if (!w.get(i)[0].equals(g.get(i)[0]) || !close(w.get(i)[1], g.get(i)[1])) {
						return series + " at " + w.get(i)[0] + ": " + w.get(i)[1] + " but Sponge's " + g.get(i)[0] + " "
								+ g.get(i)[1];
					}
				}
			}
			return null;
		}

		private static String text(List<String[]> points) {
			StringBuilder text = new StringBuilder();
			points.forEach((p) -> text.append('[').append(p[0]).append(' ').append(p[1]).append(']'));
			return text.toString();
		}

		private static Map<String, List<String[]>> normalise(String type, JsonNode result) {
			Map<String, List<String[]>> series = new LinkedHashMap<>();
			if (type.equals("scalar") || type.equals("string")) {
				series.put("scalar", List.<String[]>of(point(result)));
				return series;
			}
			for (JsonNode one : result) {
				Map<String, String> labels = new TreeMap<>();
				one.get("metric").properties().forEach((e) -> labels.put(e.getKey(), e.getValue().asString()));
				List<String[]> points = new ArrayList<>();
				if (one.has("value")) {
					points.add(point(one.get("value")));
				}
				else {
					one.get("values").forEach((p) -> points.add(point(p)));
				}
				series.put(labels.toString(), points);
			}
			return series;
		}

		private static String[] point(JsonNode pair) {
			return new String[] { new java.math.BigDecimal(pair.get(0).asString()).stripTrailingZeros().toPlainString(),
					pair.get(1).asString() };
		}

		private static boolean close(String expected, String actual) {
			if (expected.equals(actual)) {
				return true;
			}
			try {
				double e = Double.parseDouble(expected.replace("Inf", "Infinity"));
				double a = Double.parseDouble(actual.replace("Inf", "Infinity"));
				if (Double.isNaN(e) || Double.isNaN(a) || Double.isInfinite(e) || Double.isInfinite(a)) {
					return Double.compare(e, a) == 0;
				}
				return Math.abs(e - a) <= 1e-9 + 1e-6 * Math.max(Math.abs(e), Math.abs(a));
			}
			catch (NumberFormatException ex) {
				return false;
			}
		}

	}

}
