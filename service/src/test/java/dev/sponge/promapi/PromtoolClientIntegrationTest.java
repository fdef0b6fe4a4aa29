package dev.sponge.promapi;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's real {@code promtool} (2.42) as a client of Sponge's Prometheus API:
 * {@code query instant}, {@code range}, {@code series} and {@code labels} read a tenant's
 * points, parsed from promtool's own output; another tenant's token sees none of them;
 * without a token and with a bad query promtool fails as it fails against Prometheus.
 * {@code query range} carries the token in its {@code --header}; the other commands have
 * no such flag in this promtool, so they go through {@link BearerProxy}.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromtoolClientIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.shared();

	/** A whole minute half an hour ago: points every 15 s for 20 minutes from there. */
	private final long base = Instant.now()
		.truncatedTo(ChronoUnit.MINUTES)
		.minus(30, ChronoUnit.MINUTES)
		.toEpochMilli();

	private final String token = Tokens.writerReader(Tokens.uniqueTenant());

	private final String otherToken = Tokens.writerReader(Tokens.uniqueTenant());

	private final Api api;

	private final String sponge;

	private Promtool promtool;

	private BearerProxy proxy;

	private BearerProxy otherProxy;

	PromtoolClientIntegrationTest(@Autowired WebTestClient client, @LocalServerPort int port) {
		this.api = new Api(client);
		this.sponge = "http://127.0.0.1:" + port;
	}

	@BeforeAll
	void writePointsAndStartTheProxies(@TempDir Path work) {
		List<List<Number>> a = new ArrayList<>();
		List<List<Number>> b = new ArrayList<>();
		List<List<Number>> temperature = new ArrayList<>();
		for (int i = 0; i <= 80; i++) {
			long ts = at(i);
			a.add(List.of(ts, i * 3.0));
			b.add(List.of(ts, (i < 40) ? i : i - 40));
			temperature.add(List.of(ts, 20 + (i % 4)));
		}
		this.api.ingested(this.token,
				List.of(series("promtool_requests_total", Map.of("job", "api", "instance", "a"), a),
						series("promtool_requests_total", Map.of("job", "api", "instance", "b"), b),
						series("promtool_temperature", Map.of("site", "lab"), temperature)));
		this.promtool = new Promtool(work);
		this.proxy = BearerProxy.start(this.sponge, this.token);
		this.otherProxy = BearerProxy.start(this.sponge, this.otherToken);
	}

	@AfterAll
	void stopTheProxies() {
		this.proxy.close();
		this.otherProxy.close();
	}

	private long at(int index) {
		return this.base + index * 15_000L;
	}

	private static String seconds(long millis) {
		return Long.toString(millis / 1000);
	}

	@Test
	void queryInstantPrintsTheRateOfTheTenantsCountersAndAGaugeAsPromQL() {
		JsonNode rate = JSON.readTree(
				this.promtool
					.query(null, "instant", "-o", "json", "--time", seconds(at(60)), this.proxy.url() + "/api/prom",
							"sum by (job) (rate(promtool_requests_total[1m]))")
					.succeeded());
		assertThat(rate).hasSize(1);
		assertThat(rate.get(0).get("metric").properties()).singleElement()
			.satisfies((label) -> assertThat(label.getKey() + "=" + label.getValue().asString()).isEqualTo("job=api"));
		// a grows 3 and b 1 per 15 s, with no reset in this minute.
		assertThat(rate.get(0).get("value").get(0).asLong()).isEqualTo(at(60) / 1000);
		assertThat(Double.parseDouble(rate.get(0).get("value").get(1).asString())).isCloseTo(4.0 / 15,
				org.assertj.core.data.Offset.offset(1e-9));
		String gauge = this.promtool
			.query(null, "instant", "--time", seconds(at(61)), this.proxy.url() + "/api/prom", "promtool_temperature")
			.succeeded();
		assertThat(gauge.strip()).isEqualTo("promtool_temperature{site=\"lab\"} => 21 @[" + seconds(at(61)) + "]");
	}

	@Test
	void queryRangeWithTheTokenInItsHeaderPrintsAMatrixAtEveryStep() {
		JsonNode matrix = JSON.readTree(
				this.promtool
					.query(this.token, "range", "-o", "json", "--header", "Authorization: Bearer " + this.token,
							"--start", seconds(at(20)), "--end", seconds(at(80)), "--step", "5m",
							this.sponge + "/api/prom", "resets(promtool_requests_total{instance=\"b\"}[5m])")
					.succeeded());
		assertThat(matrix).hasSize(1);
		assertThat(JSON.convertValue(matrix.get(0).get("metric"), Map.class))
			.isEqualTo(Map.of("instance", "b", "job", "api"));
		List<String> times = new ArrayList<>();
		List<String> values = new ArrayList<>();
		matrix.get(0).get("values").forEach((point) -> {
			times.add(point.get(0).asString());
			values.add(point.get(1).asString());
		});
		assertThat(times).containsExactly(seconds(at(20)), seconds(at(40)), seconds(at(60)), seconds(at(80)));
		// The reset at index 40 is in the windows that end at 40 (closed ranges), not 60.
		assertThat(values).containsExactly("0", "1", "0", "0");
	}

	@Test
	void querySeriesAndLabelsListTheTenantsSeriesLabelValuesAndMetricNames() {
		String prom = this.proxy.url() + "/api/prom";
		JsonNode series = JSON.readTree(this.promtool
			.query(null, "series", "-o", "json", "--match", "promtool_requests_total{instance!=\"a\"}", prom)
			.succeeded());
		assertThat(series).hasSize(1);
		assertThat(JSON.convertValue(series.get(0), Map.class))
			.isEqualTo(Map.of("__name__", "promtool_requests_total", "instance", "b", "job", "api"));
		assertThat(this.promtool.query(null, "labels", prom, "__name__").succeeded().lines())
			.containsExactly("promtool_requests_total", "promtool_temperature");
		assertThat(
				this.promtool.query(null, "labels", "--match", "promtool_requests_total{job=\"api\"}", prom, "instance")
					.succeeded()
					.lines())
			.containsExactly("a", "b");
		assertThat(this.promtool.query(null, "labels", "-o", "json", prom, "site").succeeded().strip())
			.isEqualTo("[\"lab\"]");
	}

	@Test
	void anotherTenantsTokenSeesNoneOfTheSeriesThroughAnyCommand() {
		String prom = this.otherProxy.url() + "/api/prom";
		assertThat(this.promtool
			.query(null, "instant", "-o", "json", "--time", seconds(at(60)), prom, "promtool_requests_total")
			.succeeded()
			.strip()).isEqualTo("[]");
		assertThat(this.promtool
			.query(this.otherToken, "range", "-o", "json", "--header", "Authorization: Bearer " + this.otherToken,
					"--start", seconds(at(0)), "--end", seconds(at(80)), "--step", "1m", this.sponge + "/api/prom",
					"promtool_temperature")
			.succeeded()
			.strip()).isEqualTo("[]");
		assertThat(this.promtool.query(null, "series", "-o", "json", "--match", "{__name__=~\"promtool_.*\"}", prom)
			.succeeded()
			.strip()).isEqualTo("[]");
		assertThat(this.promtool.query(null, "labels", "-o", "json", prom, "__name__").succeeded().strip())
			.isEqualTo("[]");
	}

	@Test
	void promtoolWithoutATokenIsRefusedAndExitsNonZero() {
		Promtool.Result refused = this.promtool.query(null, "instant", this.sponge + "/api/prom",
				"promtool_temperature");
		assertThat(refused.exitCode()).isNotZero();
		assertThat(refused.stdout()).isEmpty();
		assertThat(refused.stderr()).contains("client error: 401");
	}

	@Test
	void badQueryMakesPromtoolExitNonZeroWithPrometheusBadDataMessage() {
		Promtool.Result bad = this.promtool.query(null, "instant", this.proxy.url() + "/api/prom",
				"sum by (job) (nosuchfunction(promtool_requests_total))");
		assertThat(bad.exitCode()).isNotZero();
		assertThat(bad.stdout()).isEmpty();
		// Word for word what the same promtool prints against Debian's Prometheus 2.42.
		assertThat(bad.stderr().strip()).isEqualTo("query error: bad_data: invalid parameter \"query\": "
				+ "1:15: parse error: unknown function with name \"nosuchfunction\"");
	}

}
