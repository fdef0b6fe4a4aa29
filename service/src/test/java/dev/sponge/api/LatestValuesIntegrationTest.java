package dev.sponge.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.datastax.oss.driver.api.core.CqlSession;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.points.LatestShards;
import dev.sponge.series.SeriesKey;
import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/latest} over the sharded {@code latest_by_shard} partitions and the
 * {@code latest} table of schema version 7, which an instance of that version may still
 * write during a rolling upgrade (docs/data-model.md).
 */
@IntegrationTest
class LatestValuesIntegrationTest {

	private static final long T = 1764028800000L;

	private final WebTestClient client;

	private final Api api;

	private final CqlSession session;

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.writerReader(this.tenant);

	LatestValuesIntegrationTest(@Autowired WebTestClient client, @Autowired CqlSession session) {
		this.client = client;
		this.api = new Api(client);
		this.session = session;
	}

	@Test
	@SuppressWarnings("unchecked")
	void theLatestValuesOfEverySeriesComeBackInIdOrderFromEveryShard() {
		List<Map<String, Object>> body = new ArrayList<>();
		for (int host = 0; host < 64; host++) {
			body.add(series("cpu", Map.of("host", "h" + host), List.of(List.of(T, 1.0), List.of(T + 1000, host))));
		}
		this.api.ingested(this.token, body);

		List<Map<String, Object>> latest = latest("cpu");

		assertThat(latest).hasSize(64);
		assertThat(latest).extracting((s) -> (String) s.get("id")).isSorted();
		assertThat(latest).allSatisfy((s) -> {
			assertThat(((Number) s.get("ts")).longValue()).isEqualTo(T + 1000);
			assertThat(((Number) s.get("value")).doubleValue())
				.isEqualTo(Double.parseDouble(((Map<String, String>) s.get("tags")).get("host").substring(1)));
		});
		Set<Integer> shards = new TreeSet<>();
		for (int shard = 0; shard < LatestShards.COUNT; shard++) {
			if (this.session
				.execute("SELECT COUNT(*) FROM latest_by_shard WHERE tenant = ? AND metric = ? AND shard = ?",
						this.tenant, "cpu", shard)
				.one()
				.getLong(0) > 0) {
				shards.add(shard);
			}
		}
		assertThat(shards).hasSizeGreaterThan(LatestShards.COUNT / 2);
		assertThat(
				this.session.execute("SELECT * FROM latest WHERE tenant = ? AND metric = ?", this.tenant, "cpu").all())
			.isEmpty();
	}

	@Test
	@SuppressWarnings("unchecked")
	void aLatestValueThePreviousVersionWroteIsReadAndTheNewerOfTheTwoTablesWins() {
		writeAsPreviousVersion("rewritten", T, 1.0);
		writeAsPreviousVersion("stopped", T, 2.0);
		writeAsPreviousVersion("outrun", T + 5000, 3.0);
		this.api.ingested(this.token,
				List.of(series("cpu", Map.of("host", "rewritten"), List.of(List.of(T + 1000, 10.0))),
						series("cpu", Map.of("host", "outrun"), List.of(List.of(T + 1000, 30.0)))));

		Map<String, List<Number>> byHost = latest("cpu").stream()
			.collect(Collectors.toMap((s) -> ((Map<String, String>) s.get("tags")).get("host"),
					(s) -> List.of((Number) s.get("ts"), (Number) s.get("value"))));

		assertThat(byHost).containsOnlyKeys("rewritten", "stopped", "outrun");
		assertThat(byHost.get("rewritten")).containsExactly(T + 1000, 10.0);
		assertThat(byHost.get("stopped")).containsExactly(T, 2.0);
		assertThat(byHost.get("outrun")).containsExactly(T + 5000, 3.0);
	}

	@Test
	@SuppressWarnings("unchecked")
	void deletingASeriesRemovesItsLatestValueFromBothTables() {
		String deleted = id("deleted");
		writeAsPreviousVersion("deleted", T, 1.0);
		this.api.ingested(this.token,
				List.of(series("cpu", Map.of("host", "deleted"), List.of(List.of(T + 1000, 10.0))),
						series("cpu", Map.of("host", "kept"), List.of(List.of(T + 1000, 20.0)))));

		this.client.delete()
			.uri((uri) -> uri.path("/api/v1/series")
				.queryParam("metric", "cpu")
				.queryParam("tag", "host:deleted")
				.build())
			.headers(Api.bearer(Tokens.withGroups(this.tenant, "sponge-admin")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series")
			.isEqualTo(1);

		assertThat(latest("cpu")).extracting((s) -> ((Map<String, String>) s.get("tags")).get("host"))
			.containsExactly("kept");
		assertThat(this.session
			.execute("SELECT * FROM latest WHERE tenant = ? AND metric = ? AND series_id = ?", this.tenant, "cpu",
					deleted)
			.all()).isEmpty();
		assertThat(this.session
			.execute("SELECT * FROM latest_by_shard WHERE tenant = ? AND metric = ? AND shard = ? AND series_id = ?",
					this.tenant, "cpu", LatestShards.of(deleted), deleted)
			.all()).isEmpty();
	}

	private static String id(String host) {
		return SeriesKey.of("cpu", Map.of("host", host)).id();
	}

	/**
	 * A latest value as an instance of schema version 7 writes it: into {@code latest},
	 * with the point's time as write time. Its series is in the catalogue (written
	 * through the API at an older time), as that instance would have registered it.
	 */
	private void writeAsPreviousVersion(String host, long ts, double value) {
		String seriesId = id(host);
		this.api.ingested(this.token, List.of(series("cpu", Map.of("host", host), List.of(List.of(T - 60_000, 0.0)))));
		this.session.execute(
				"INSERT INTO latest (tenant, metric, series_id, tags, ts, value) VALUES (?, ?, ?, ?, ?, ?) "
						+ "USING TIMESTAMP ?",
				this.tenant, "cpu", seriesId, Map.of("host", host), Instant.ofEpochMilli(ts), value, ts * 1000L);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> latest(String metric) {
		Map<String, Object> page = this.api.get(this.token, "/api/v1/latest", (q) -> q.queryParam("metric", metric))
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (List<Map<String, Object>>) page.get("series");
	}

}
