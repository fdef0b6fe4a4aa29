package dev.sponge.observability;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Debian's real Prometheus scrapes the running service and evaluates the rules file:
 * every rule evaluates, every recorded SLI and every query of the Grafana dashboard on
 * the service's own metrics returns data, the "no data" alert stays quiet, and promtool
 * accepts the rules file. What the alerts do on given input is AlertRulesTest's part.
 */
@IntegrationTest
class PrometheusIntegrationTest {

	private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

	private static final Path RULES = REPOSITORY.resolve("docs/prometheus/sponge-alerts.yml");

	private static final Path DASHBOARD = REPOSITORY.resolve("docs/grafana/sponge.json");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Grafana's "All" of a template variable (its allValue). */
	private static final String ALL = ".*";

	private static final Pattern THRESHOLD = Pattern.compile("\\s*[<>]=?\\s*[0-9.e-]+$");

	private static final Pattern RECORDED_NAME = Pattern.compile("[a-z_]+:[a-z_]+:[a-z0-9_]+");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*), *[a-z_]+\\)");

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

		assertThat(query("http_server_requests_seconds_count{application=\"sponge\",uri=\"UNKNOWN\",status=\"401\"}"))
			.as("a request refused before any route matched is counted under uri UNKNOWN, "
					+ "which the availability SLI selects")
			.isNotEmpty();

		// Every rule evaluated at least once: the dashboard reads the recorded SLIs too.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> rules().stream()
				.allMatch((r) -> r.has("lastEvaluation") && !r.get("lastEvaluation").asString().startsWith("0001")));
		List<String> failures = new ArrayList<>();
		for (String expr : dashboardQueries()) {
			JsonNode result = query(
					expr.replace("$__rate_interval", "1m").replace("$namespace", ALL).replace("$pod", ALL));
			if (result.isEmpty() && !fromOtherExporters(expr)) {
				failures.add("dashboard: " + expr);
			}
		}
		for (String selector : dashboardVariableSelectors()) {
			if (query(selector).isEmpty()) {
				failures.add("dashboard variable: " + selector);
			}
		}
		JsonNode groups = get("/api/v1/rules").get("data").get("groups");
		List<String> recorded = rules().stream()
			.filter((r) -> "recording".equals(r.get("type").asString()))
			.map((r) -> r.get("name").asString())
			.toList();
		assertThat(recorded).as("recorded SLIs").isNotEmpty();
		for (JsonNode rule : rules()) {
			String name = rule.get("name").asString();
			String query = rule.get("query").asString();
			assertThat(rule.get("health").asString()).as(name + " evaluates").isEqualTo("ok");
			if ("recording".equals(rule.get("type").asString())) {
				if (query(name).isEmpty()) {
					failures.add("recording rule " + name + ": " + query);
				}
			}
			else if (query.startsWith("absent(")) {
				// The live scrape is what such an alert looks for: it must find it.
				assertThat(rule.get("state").asString()).as(name + " with the service scraped").isEqualTo("inactive");
			}
			else if (THRESHOLD.matcher(query).find()) {
				String withoutThreshold = THRESHOLD.matcher(query).replaceFirst("");
				if (query(withoutThreshold).isEmpty()) {
					failures.add("alert " + name + ": " + withoutThreshold);
				}
			}
			else {
				// The burn-rate alerts compare recorded SLIs (checked above) with
				// constants.
				List<String> used = RECORDED_NAME.matcher(query).results().map(MatchResult::group).toList();
				assertThat(used).as(name + " reads recorded SLIs").isNotEmpty();
				assertThat(recorded).as(name + " reads only rules of the file").containsAll(used);
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
		assertThat(output).contains("SUCCESS: 20 rules found");
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
		this.client.get().uri("/api/v1/metrics").exchange().expectStatus().isUnauthorized().expectBody(Void.class);
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

	/**
	 * The queries of every panel, rows included; each filters by the {@code namespace}
	 * template variable, so that one deployment's dashboard never mixes in another's.
	 */
	private List<String> dashboardQueries() throws IOException {
		List<String> queries = new ArrayList<>();
		addQueries(JSON.readTree(Files.readString(DASHBOARD)).get("panels"), queries);
		assertThat(queries).hasSizeGreaterThanOrEqualTo(20)
			.allSatisfy((expr) -> assertThat(expr).contains("namespace=~\"$namespace\""));
		return queries;
	}

	private static void addQueries(JsonNode panels, List<String> queries) {
		for (JsonNode panel : panels) {
			panel.path("targets").forEach((target) -> queries.add(target.get("expr").asString()));
			addQueries(panel.path("panels"), queries);
		}
	}

	/**
	 * The series the {@code label_values} template variables read their values from.
	 */
	private List<String> dashboardVariableSelectors() throws IOException {
		List<String> selectors = new ArrayList<>();
		for (JsonNode variable : JSON.readTree(Files.readString(DASHBOARD)).get("templating").get("list")) {
			Matcher labelValues = LABEL_VALUES.matcher(variable.path("definition").asString());
			if (labelValues.matches()) {
				selectors.add(labelValues.group(1).replace("$namespace", ALL));
			}
		}
		assertThat(selectors).as("label_values variables").hasSize(2);
		return selectors;
	}

	/**
	 * Series of kube-state-metrics (restarts, autoscalers) and of the edge's exporter
	 * ({@code sponge_edge_*}) are not in this test's scrape, which holds only the
	 * service: their queries must parse, and return data only in a cluster.
	 */
	private static boolean fromOtherExporters(String expr) {
		return expr.contains("kube_") || expr.contains("sponge_edge_");
	}

	private List<JsonNode> rules() throws Exception {
		List<JsonNode> rules = new ArrayList<>();
		get("/api/v1/rules").get("data").get("groups").forEach((group) -> group.get("rules").forEach(rules::add));
		return rules;
	}

	private JsonNode query(String promql) throws Exception {
		JsonNode response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
		assertThat(response.get("status").asString()).as("query parses: " + promql).isEqualTo("success");
		return response.get("data").get("result");
	}

	private double value(String promql) throws Exception {
		JsonNode result = query(promql);
		return result.isEmpty() ? 0 : Double.parseDouble(result.get(0).get("value").get(1).asString());
	}

	private JsonNode get(String path) {
		return this.prometheus.get(path);
	}

}
