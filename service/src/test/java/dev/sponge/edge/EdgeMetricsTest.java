package dev.sponge.edge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.PrometheusServer;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Edge latency as Prometheus sees it in Kubernetes: the real lighttpd with the
 * repository's configuration writes its access log through {@code access-log.sh} to the
 * file the mtail sidecar reads ({@code SPONGE_EDGE_METRICS_LOG}), the real mtail runs
 * {@code lighttpd/mtail/edge.mtail} on it, and the real Prometheus scrapes mtail.
 */
@EdgeTest
class EdgeMetricsTest {

	private static final String HISTOGRAM = "sponge_edge_request_duration_seconds";

	/** Every label a series of the histogram may carry, Prometheus' own included. */
	private static final Set<String> LABELS = Set.of("__name__", "job", "instance", "method", "status", "route", "le");

	private final int servicePort;

	private final String token = Tokens.writerReader(Tokens.uniqueTenant());

	/** In paths and queries, never in a label. */
	private final String secret = UUID.randomUUID().toString();

	@TempDir
	Path work;

	private LighttpdProcess edge;

	private MtailProcess mtail;

	private PrometheusServer prometheus;

	EdgeMetricsTest(@LocalServerPort int servicePort) {
		this.servicePort = servicePort;
	}

	@AfterEach
	void stop() {
		for (AutoCloseable process : new AutoCloseable[] { this.prometheus, this.mtail, this.edge }) {
			if (process != null) {
				try {
					process.close();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
	}

	@Test
	void prometheusCountsEveryRequestThroughTheEdgeByStatusAndHasItsLatencyQuantiles() throws IOException {
		Path metricsLog = startEdgeAndMtail(Map.of());
		this.prometheus = PrometheusServer.start(Files.createDirectory(this.work.resolve("prometheus")), """
				global:
				  scrape_interval: 1s
				scrape_configs:
				  - job_name: sponge-edge
				    static_configs:
				      - targets: ['%s']
				""".formatted(this.mtail.target()));
		Awaitility.await("Prometheus scrapes mtail")
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.prometheus.value("up{job=\"sponge-edge\"}") == 1);

		// Two rounds, so that rate() over the histogram sees it grow.
		send(WebTestClient.bindToServer().baseUrl(this.edge.url()).build());
		awaitCounts(Map.of("api 200", 3.0, "api 401", 2.0, "other 404", 1.0));
		send(WebTestClient.bindToServer().baseUrl(this.edge.url()).build());
		awaitCounts(Map.of("api 200", 6.0, "api 401", 4.0, "other 404", 2.0));

		JsonNode quantiles = this.prometheus.query("histogram_quantile(0.99, sum by (le, status) (rate(" + HISTOGRAM
				+ "_bucket{job=\"sponge-edge\"}[1m])))");
		assertThat(quantiles).hasSize(3).allSatisfy((series) -> {
			double seconds = Double.parseDouble(series.get("value").get(1).asString());
			assertThat(seconds).as("p99 of status %s", series.at("/metric/status").asString())
				.isGreaterThan(0)
				.isLessThanOrEqualTo(10);
		});
		// The histogram holds exactly the durations of the access log: their sum, in
		// seconds,
		// and how many fall in a bucket.
		List<Long> durations = new ArrayList<>();
		for (String line : Files.readAllLines(this.edge.accessLog())) {
			durations.add(JsonMapper.shared().readTree(line).get("duration_us").asLong());
		}
		assertThat(durations).hasSize(12);
		Awaitility.await("the histogram holds the logged durations")
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> {
				assertThat(this.prometheus.value("sum(" + HISTOGRAM + "_sum{job=\"sponge-edge\"})"))
					.isCloseTo(durations.stream().mapToLong(Long::longValue).sum() / 1e6, within(1e-6));
				for (String le : List.of("0.005", "0.05", "+Inf")) {
					long microseconds = le.equals("+Inf") ? Long.MAX_VALUE : Math.round(Double.parseDouble(le) * 1e6);
					assertThat(this.prometheus
						.value("sum(" + HISTOGRAM + "_bucket{job=\"sponge-edge\",le=\"" + le + "\"})"))
						.as("requests within %s s", le)
						.isEqualTo(durations.stream().filter((d) -> d <= microseconds).count());
				}
			});

		JsonNode series = this.prometheus.get("/api/v1/series?match[]=" + HISTOGRAM + "_bucket").get("data");
		assertThat(series).isNotEmpty().allSatisfy((labels) -> {
			assertThat(labels.propertyNames()).isSubsetOf(LABELS);
			assertThat(labels.toString()).doesNotContain(this.secret).doesNotContain(this.token);
		});
		assertThat(this.mtail.metrics()).contains(HISTOGRAM + "_bucket{").doesNotContain(this.secret);
		assertThat(metricsLog).isRegularFile();
	}

	@Test
	void theFileMtailReadsStaysBelowItsLimitAndNoRequestIsLostWhenItIsReplaced() throws IOException {
		Path metricsLog = startEdgeAndMtail(Map.of("SPONGE_EDGE_METRICS_LOG_KIB", "1"));
		WebTestClient client = WebTestClient.bindToServer().baseUrl(this.edge.url()).build();
		int rounds = 8;
		for (int round = 1; round <= rounds; round++) {
			// Each round fits in the file (about 250 bytes a line), so mtail has read
			// each
			// file before the next replaces it, as it does at a real pod's request rates.
			for (int i = 0; i < 2; i++) {
				notFound(client, "/rotated-" + this.secret);
			}
			long expected = 2L * round;
			Awaitility.await("mtail has counted " + expected + " requests")
				.atMost(Duration.ofSeconds(10))
				.until(() -> count("other", "404"), (count) -> count == expected);
			assertThat(Files.size(metricsLog)).isLessThanOrEqualTo(1024);
		}
		assertThat(this.mtail.opens(metricsLog)).as("mtail followed the file across its replacements")
			.isGreaterThanOrEqualTo(3);
		try (Stream<Path> files = Files.list(metricsLog.getParent())) {
			assertThat(files).containsExactly(metricsLog);
		}
		assertThat(Files.readAllLines(this.edge.accessLog())).as("the access log itself keeps every line")
			.filteredOn((line) -> line.contains("/rotated-" + this.secret))
			.hasSize(2 * rounds);
	}

	@Test
	void aMetricsLogThatCannotBeWrittenCostsTheMetricsButNotTheAccessLog() {
		Path unwritable = this.work.resolve("missing").resolve("access.log");
		this.edge = LighttpdProcess.start("127.0.0.1:" + this.servicePort,
				Map.of("SPONGE_EDGE_METRICS_LOG", unwritable.toString()));
		notFound(WebTestClient.bindToServer().baseUrl(this.edge.url()).build(), "/unwritable-" + this.secret);
		Awaitility.await("the request in the access log, and the reason for no metrics in lighttpd's output")
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> {
				assertThat(Files.readAllLines(this.edge.accessLog()))
					.anySatisfy((line) -> assertThat(line).contains("/unwritable-" + this.secret));
				assertThat(this.edge.output()).contains("sponge edge: cannot write " + unwritable + ".new");
			});
		assertThat(this.edge.isAlive()).isTrue();
		assertThat(unwritable.getParent()).doesNotExist();
	}

	/** Starts the edge with the sidecar's file and mtail on that file; returns it. */
	private Path startEdgeAndMtail(Map<String, String> settings) throws IOException {
		Path metricsLog = Files.createDirectory(this.work.resolve("access-log")).resolve("access.log");
		Map<String, String> environment = new TreeMap<>(settings);
		environment.put("SPONGE_EDGE_METRICS_LOG", metricsLog.toString());
		this.edge = LighttpdProcess.start("127.0.0.1:" + this.servicePort, environment);
		this.mtail = MtailProcess.start(metricsLog);
		return metricsLog;
	}

	/**
	 * Three answers from the service (200), two refusals for want of a token (401) and a
	 * static file that is not there (404), with the secret in paths and queries.
	 */
	private void send(WebTestClient client) {
		for (int i = 0; i < 3; i++) {
			client.get()
				.uri("/api/v1/metrics?prefix=" + this.secret)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.token)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.metrics")
				.isArray();
		}
		for (int i = 0; i < 2; i++) {
			client.get()
				.uri("/api/v1/metrics?access_token=" + this.secret)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(401);
		}
		notFound(client, "/" + this.secret + ".html?token=" + this.secret);
	}

	private static void notFound(WebTestClient client, String uri) {
		client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("404"));
	}

	/** Waits until Prometheus has the request counts, by "route status". */
	private void awaitCounts(Map<String, Double> expected) {
		Awaitility.await("Prometheus has the counts " + expected)
			.atMost(Duration.ofSeconds(30))
			.until(() -> counts(
					this.prometheus.query("sum by (route, status) (" + HISTOGRAM + "_count{job=\"sponge-edge\"})")),
					expected::equals);
	}

	private static Map<String, Double> counts(JsonNode result) {
		Map<String, Double> counts = new TreeMap<>();
		result.forEach((series) -> counts.put(
				series.at("/metric/route").asString() + " " + series.at("/metric/status").asString(),
				Double.parseDouble(series.get("value").get(1).asString())));
		return counts;
	}

	/** The count mtail exports for the route and status (0 before the first). */
	private long count(String route, String status) {
		String prefix = HISTOGRAM + "_count{method=\"GET\",route=\"" + route + "\",status=\"" + status + "\"} ";
		return this.mtail.metrics()
			.lines()
			.filter((line) -> line.startsWith(prefix))
			.mapToLong((line) -> Long.parseLong(line.substring(prefix.length()).trim()))
			.sum();
	}

}
