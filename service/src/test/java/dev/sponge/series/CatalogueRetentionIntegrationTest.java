package dev.sponge.series;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Api;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalogue follows retention, through the real service and Cassandra node: with a
 * retention of a few seconds and a catalogue refresh of two, catalogue rows carry the
 * retention plus twice the refresh as their TTL, a series that stops receiving points
 * leaves discovery once that has passed, and one that keeps receiving points stays. With
 * a series cap of three (eight candidates), a query counts only the series with data in
 * its range. The scan cap of twelve rows is {@link CatalogueScanIntegrationTest}'s, so
 * the two share one application context.
 */
@SmallCatalogueCaps
class CatalogueRetentionIntegrationTest {

	/** Retention of these tests' tenants, in seconds. */
	private static final int RETENTION = 3;

	/** Retention plus twice {@code sponge.series.catalogue-refresh}. */
	private static final int CATALOGUE_TTL = RETENTION + 2 * 2;

	private final WebTestClient client;

	private final Api api;

	private final CqlSession session;

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.writerReader(this.tenant);

	CatalogueRetentionIntegrationTest(@Autowired WebTestClient client, @Autowired CqlSession session) {
		this.client = client;
		this.api = new Api(client);
		this.session = session;
	}

	@Test
	void catalogueRowsCarryTheRetentionPlusTwiceTheCatalogueRefreshAsTheirTtl() {
		setRetention("PT" + RETENTION + "S");
		write("cpu", "a");

		Row row = catalogueTtl("cpu", "a");
		assertThat(row).isNotNull();
		assertThat(row.isNull(0)).as("the series row has a TTL").isFalse();
		assertThat(row.getInt(0)).isBetween(1, CATALOGUE_TTL);
	}

	@Test
	void aSeriesThatStopsReceivingPointsLeavesDiscoveryAndItsMetricLeavesTheMetricNames() {
		setRetention("PT" + RETENTION + "S");
		write("cpu", "a");
		write("cpu", "b");
		write("disk", "a");
		assertThat(hosts("cpu")).containsExactlyInAnyOrder("a", "b");
		assertThat(this.api.metricNames(this.token)).containsExactlyInAnyOrder("cpu", "disk");

		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			assertThat(hosts("cpu")).isEmpty();
			assertThat(hosts("disk")).isEmpty();
			assertThat(this.api.metricNames(this.token)).isEmpty();
		});
	}

	@Test
	void aSeriesThatKeepsReceivingPointsStaysInDiscoveryWhileOneThatStoppedLeaves() {
		setRetention("PT" + RETENTION + "S");
		write("cpu", "live");
		write("cpu", "stopped");

		// "live" gets a point every poll; "stopped" none after the first.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			write("cpu", "live");
			assertThat(hosts("cpu")).containsExactly("live");
		});
		// Then "live" outlasts its catalogue row's TTL twice over: its row is written
		// again as its registration expires, every couple of seconds.
		await().during(Duration.ofSeconds(2L * CATALOGUE_TTL))
			.atMost(Duration.ofSeconds(2L * CATALOGUE_TTL + 15))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> {
				write("cpu", "live");
				assertThat(hosts("cpu")).containsExactly("live");
				assertThat(this.api.metricNames(this.token)).containsExactly("cpu");
			});
	}

	@Test
	void withoutRetentionCatalogueRowsHaveNoTtl() {
		write("cpu", "a");

		Row row = catalogueTtl("cpu", "a");
		assertThat(row).isNotNull();
		assertThat(row.isNull(0)).isTrue();
	}

	@Test
	void aQueryCountsOnlyTheSeriesWithDataInItsRangeWhenTheCatalogueMatchesMoreThanTheCap() {
		long now = System.currentTimeMillis();
		long tenDaysAgo = now - Duration.ofDays(10).toMillis();
		// Five pods of ten days ago (over the cap of three), two of now.
		for (int i = 0; i < 5; i++) {
			writeAt("pods", "old" + i, tenDaysAgo);
		}
		writeAt("pods", "new0", now - 1000);
		writeAt("pods", "new1", now - 1000);

		assertThat(hostsOfPoints((q) -> q.queryParam("metric", "pods").queryParam("from", "-1h")))
			.containsExactly("new0", "new1");
		assertThat(hostsOfPoints((q) -> q.queryParam("metric", "pods")
			.queryParam("from", "-1h")
			.queryParam("step", "1m")
			.queryParam("agg", "count"))).containsExactly("new0", "new1");

		// A range that holds the old pods' day holds seven series with data: over the
		// cap.
		this.api
			.get(this.token, "/api/v1/points",
					(q) -> q.queryParam("metric", "pods").queryParam("from", tenDaysAgo - 1000).queryParam("to", now))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("sponge.query.max-series"));

		// Past eight candidates the query is refused before any day index is read.
		writeAt("pods", "old5", tenDaysAgo);
		writeAt("pods", "old6", tenDaysAgo);
		this.api.get(this.token, "/api/v1/points", (q) -> q.queryParam("metric", "pods").queryParam("from", "-1h"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("sponge.query.max-candidate-series"));
	}

	@SuppressWarnings("unchecked")
	private List<String> hostsOfPoints(java.util.function.Consumer<org.springframework.web.util.UriBuilder> query) {
		return ((List<Map<String, Object>>) this.api.points(this.token, query).get("series")).stream()
			.map((s) -> ((Map<String, String>) s.get("tags")).get("host"))
			.sorted()
			.toList();
	}

	private void writeAt(String metric, String host, long ts) {
		this.api.ingested(this.token, List.of(series(metric, Map.of("host", host), List.of(List.of(ts, 1.0)))));
	}

	private void write(String metric, String host) {
		this.api.ingested(this.token,
				List.of(series(metric, Map.of("host", host), List.of(List.of(System.currentTimeMillis(), 1.0)))));
	}

	@SuppressWarnings("unchecked")
	private List<String> hosts(String metric) {
		Map<String, Object> page = this.api.get(this.token, "/api/v1/series", (q) -> q.queryParam("metric", metric))
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return ((List<Map<String, Object>>) page.get("series")).stream()
			.map((s) -> ((Map<String, String>) s.get("tags")).get("host"))
			.toList();
	}

	private void setRetention(String retention) {
		this.client.put()
			.uri("/api/v1/retention")
			.headers(Api.bearer(Tokens.withGroups(this.tenant, "sponge-admin")))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"retention\": \"" + retention + "\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"retention\": \"" + retention + "\"}");
	}

	/** The remaining TTL of a series' catalogue row (null when it has none). */
	private Row catalogueTtl(String metric, String host) {
		return this.session
			.execute("SELECT TTL(tags) FROM series WHERE tenant = ? AND metric = ? AND series_id = ?", this.tenant,
					metric, SeriesKey.of(metric, Map.of("host", host)).id())
			.one();
	}

}
