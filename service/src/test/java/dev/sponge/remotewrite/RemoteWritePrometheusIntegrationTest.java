package dev.sponge.remotewrite;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.oidcissuer.OidcIssuer;
import dev.sponge.oidcissuer.TokenRequest;
import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.PrometheusServer;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Debian's real Prometheus scrapes itself and Sponge's actuator every second and
 * remote-writes (1.0) the metrics compared to Sponge, fetching its own token from the
 * real issuer with {@code oauth2} client credentials, as it would from Okta. Afterwards
 * every sample of a window that Prometheus' own TSDB holds (read through its HTTP API) is
 * in Sponge, series by series, with the same labels, timestamps and values, and nothing
 * else is.
 */
@IntegrationTest
class RemoteWritePrometheusIntegrationTest {

	/**
	 * Metrics of both targets, a counter with many label sets among them; none of them is
	 * ever NaN, which Sponge does not store.
	 */
	private static final List<String> METRICS = List.of("up", "scrape_samples_scraped", "scrape_duration_seconds",
			"go_goroutines", "prometheus_http_requests_total", "jvm_threads_live_threads");

	private static final long WINDOW = 20_000;

	private final Api api;

	private final int port;

	private final String tenant = Tokens.uniqueTenant();

	private final String reader = Tokens.writerReader(this.tenant);

	private PrometheusServer prometheus;

	@TempDir
	Path work;

	RemoteWritePrometheusIntegrationTest(@Autowired WebTestClient client, @LocalServerPort int port) {
		this.api = new Api(client);
		this.port = port;
	}

	@AfterEach
	void stopPrometheus() {
		if (this.prometheus != null) {
			this.prometheus.close();
		}
	}

	@Test
	void everySampleOfAWindowPrometheusHoldsIsInSpongeSeriesBySeries() {
		this.prometheus = PrometheusServer.start(this.work, this::config);
		await("a window of samples of both targets in Prometheus").atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> this.prometheus
				.query("count_over_time(up[" + (WINDOW / 1000 + 5) + "s]) > " + (WINDOW / 1000 + 2))
				.size() == 2);
		// A window that ended a few seconds ago: scraped, and in the remote-write queue.
		long end = System.currentTimeMillis() - 3000;

		Map<String, Map<Map<String, String>, List<List<Object>>>> expected = new TreeMap<>();
		for (String metric : METRICS) {
			expected.put(metric, prometheusSamples(metric, end));
			assertThat(expected.get(metric)).as(metric + " in Prometheus").isNotEmpty();
		}
		// Prometheus retries what Sponge refuses with 503 (Cassandra overloaded), so on a
		// busy machine the last samples of the window may take a while.
		await("the window in Sponge as in Prometheus").atMost(Duration.ofSeconds(180))
			.pollInterval(Duration.ofSeconds(2))
			.untilAsserted(() -> {
				for (String metric : METRICS) {
					assertThat(spongeSamples(metric, end)).as(metric).isEqualTo(expected.get(metric));
				}
			});
	}

	private String config(int prometheusPort) {
		Map<String, String> params = OidcIssuer
			.tokenFormParams(TokenRequest.of("prometheus", this.tenant, "sponge-writer"));
		String endpointParams = params.entrySet()
			.stream()
			.map((e) -> "          " + e.getKey() + ": '" + e.getValue().replace("'", "''") + "'")
			.collect(Collectors.joining("\n"));
		return """
				global:
				  scrape_interval: 1s
				scrape_configs:
				  - job_name: prometheus
				    static_configs:
				      - targets: ['127.0.0.1:%d']
				  - job_name: sponge
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ['127.0.0.1:%d']
				remote_write:
				  - url: http://127.0.0.1:%d/api/v1/write
				    oauth2:
				      client_id: %s
				      client_secret: unused
				      token_url: %s
				      endpoint_params:
				%s
				    # Only the compared metrics: a few dozen series rather than a thousand
				    # new ones, so that a slow machine catches up within the test.
				    write_relabel_configs:
				      - source_labels: [__name__]
				        regex: '%s'
				        action: keep
				    queue_config:
				      batch_send_deadline: 1s
				      # Fewer requests at once than the tenant may have in progress
				      # (concurrent-ingest-requests, 16), and a 429 retried, not dropped.
				      max_shards: 4
				      retry_on_http_429: true
				""".formatted(prometheusPort, this.port, this.port, OidcIssuer.CLIENT_ID,
				OidcIssuer.shared().tokenUri(Tokens.ISSUER_ID), endpointParams, String.join("|", METRICS));
	}

	/**
	 * The raw samples of {@code metric} in {@code [end - WINDOW, end]} from Prometheus'
	 * TSDB (a range selector's instant query returns them as stored), by labels.
	 */
	private Map<Map<String, String>, List<List<Object>>> prometheusSamples(String metric, long end) {
		JsonNode result = this.prometheus
			.get("/api/v1/query?query=" + URLEncoder.encode(metric + "[" + WINDOW + "ms]", StandardCharsets.UTF_8)
					+ "&time=" + BigDecimal.valueOf(end).movePointLeft(3).toPlainString())
			.get("data")
			.get("result");
		Map<Map<String, String>, List<List<Object>>> series = new HashMap<>();
		for (JsonNode one : result) {
			Map<String, String> labels = new TreeMap<>();
			one.get("metric").properties().forEach((label) -> labels.put(label.getKey(), label.getValue().asString()));
			labels.remove("__name__");
			List<List<Object>> samples = new ArrayList<>();
			for (JsonNode sample : one.get("values")) {
				long ts = new BigDecimal(sample.get(0).asString()).movePointRight(3).longValueExact();
				samples.add(List.of(ts, Double.parseDouble(sample.get(1).asString())));
			}
			series.put(labels, samples);
		}
		return series;
	}

	/** The points of {@code metric} in {@code [end - WINDOW, end]} read from Sponge. */
	@SuppressWarnings("unchecked")
	private Map<Map<String, String>, List<List<Object>>> spongeSamples(String metric, long end) {
		Map<Map<String, String>, List<List<Object>>> series = new HashMap<>();
		String cursor = null;
		do {
			String after = cursor;
			Map<String, Object> page = this.api.points(this.reader, (q) -> {
				q.queryParam("metric", metric).queryParam("from", end - WINDOW).queryParam("to", end + 1);
				if (after != null) {
					q.queryParam("cursor", after);
				}
			});
			for (Map<String, Object> one : (List<Map<String, Object>>) page.get("series")) {
				List<List<Object>> samples = series.computeIfAbsent(
						new TreeMap<>((Map<String, String>) one.get("tags")), (labels) -> new ArrayList<>());
				for (List<Number> point : (List<List<Number>>) one.get("points")) {
					samples.add(List.of(point.get(0).longValue(), point.get(1).doubleValue()));
				}
			}
			cursor = (String) page.get("next");
		}
		while (cursor != null);
		return series;
	}

}
