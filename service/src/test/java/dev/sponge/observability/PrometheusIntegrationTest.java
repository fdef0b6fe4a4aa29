package dev.sponge.observability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.PrometheusServer;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Debian's real Prometheus scrapes the running service; every query of the Grafana
 * dashboard and of the alert rules must parse and return data, and promtool must accept
 * the rules file.
 */
@IntegrationTest
class PrometheusIntegrationTest {

	private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

	private static final Path RULES = REPOSITORY.resolve("docs/prometheus/sponge-alerts.yml");

	private static final Path DASHBOARD = REPOSITORY.resolve("docs/grafana/sponge.json");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private PrometheusServer prometheus;

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

	@TempDir
	Path work;

	@Test
	void dashboardAndAlertQueriesReturnDataFromARealScrape() throws Exception {
		generateTraffic();
		startPrometheus();

		await().atMost(Duration.ofSeconds(60))
			.until(() -> value("count_over_time(up{job=\"sponge\"}[1m])") >= 3 && value("up{job=\"sponge\"}") == 1);
		assertThat(query("http_server_requests_seconds_bucket{application=\"sponge\",uri=\"/api/v1/points\"}"))
			.as("HTTP latency series")
			.isNotEmpty();
		assertThat(query("cassandra_nodes_cql_messages_seconds_bucket{application=\"sponge\"}"))
			.as("Cassandra per-node latency series")
			.isNotEmpty();

		List<String> failures = new ArrayList<>();
		for (String expr : dashboardQueries()) {
			if (query(expr.replace("$__rate_interval", "1m")).isEmpty()) {
				failures.add("dashboard: " + expr);
			}
		}
		JsonNode groups = this.prometheus.get("/api/v1/rules").get("data").get("groups");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> rules().stream()
				.allMatch((r) -> r.has("lastEvaluation") && !r.get("lastEvaluation").asString().startsWith("0001")));
		for (JsonNode rule : rules()) {
			assertThat(rule.get("health").asString()).as(rule.get("name").asString() + " evaluates").isEqualTo("ok");
			String query = rule.get("query").asString().replaceFirst("\\s*[<>]=?\\s*[0-9.e-]+$", "");
			if (query(query).isEmpty()) {
				failures.add("alert " + rule.get("name").asString() + ": " + query);
			}
		}
		assertThat(groups).isNotEmpty();
		assertThat(failures).as("queries that returned no data").isEmpty();
	}

	@Test
	void promtoolAcceptsTheRulesFile() throws Exception {
		Process promtool = new ProcessBuilder(PrometheusServer.binary("promtool"), "check", "rules", RULES.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(promtool.exitValue()).as(output).isZero();
		assertThat(output).contains("SUCCESS: 7 rules found");
	}

	@AfterEach
	void stopPrometheus() {
		if (this.prometheus != null) {
			this.prometheus.close();
		}
	}

	private void generateTraffic() {
		Api api = new Api(this.client);
		String token = Tokens.writerReader(Tokens.uniqueTenant());
		api.ingested(token, List.of(series("prom", Map.of("k", "v"), List.of(List.of(1764028800000L, 1)))));
		api.ingest(token, "not json".getBytes())
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:sponge:problem:malformed-json");
		api.get(token, "/api/v1/latest", (q) -> q.queryParam("metric", "prom"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series[0].value")
			.isEqualTo(1.0);
	}

	private void startPrometheus() {
		this.prometheus = PrometheusServer.start(this.work, """
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				rule_files:
				  - %s
				scrape_configs:
				  - job_name: sponge
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ['127.0.0.1:%d']
				""".formatted(RULES, this.port));
	}

	private List<String> dashboardQueries() throws IOException {
		List<String> queries = new ArrayList<>();
		for (JsonNode panel : JSON.readTree(Files.readString(DASHBOARD)).get("panels")) {
			panel.get("targets").forEach((target) -> queries.add(target.get("expr").asString()));
		}
		assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
		return queries;
	}

	private List<JsonNode> rules() {
		List<JsonNode> rules = new ArrayList<>();
		this.prometheus.get("/api/v1/rules")
			.get("data")
			.get("groups")
			.forEach((group) -> group.get("rules").forEach(rules::add));
		return rules;
	}

	private JsonNode query(String promql) {
		return this.prometheus.query(promql);
	}

	private double value(String promql) {
		return this.prometheus.value(promql);
	}

}
