package dev.sponge.series;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.datastax.oss.driver.api.core.CqlSession;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriBuilder;

import dev.sponge.points.TimeBuckets;
import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.RollupsConverged;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code DELETE /api/v1/series} through the real service and Cassandra node: what a
 * deleted series leaves behind (nothing), what it must not touch (other series, other
 * tenants), and that the series can be written again.
 */
@IntegrationTest
class SeriesDeletionIntegrationTest {

	/**
	 * 2025-11-25T00:00:00Z; the series below hold points on the day before and this one.
	 */
	private static final long DAY = 1764028800000L;

	private final WebTestClient client;

	private final Api api;

	private final CqlSession session;

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.writerReader(this.tenant);

	private final String admin = Tokens.withGroups(this.tenant, "sponge-admin");

	SeriesDeletionIntegrationTest(@Autowired WebTestClient client, @Autowired CqlSession session) {
		this.client = client;
		this.api = new Api(client);
		this.session = session;
	}

	@Test
	void deletingASeriesRemovesItsPointsLatestValueAndCatalogueEntryAndNothingElse() {
		ingestCpu(this.token, "a", "b");
		RollupsConverged.await(this.session, this.tenant, List.of("cpu"));

		deleteSeries(this.admin, (q) -> q.queryParam("metric", "cpu").queryParam("tag", "host:a")).expectStatus()
			.isOk()
			.expectBody()
			.json("{\"series\": 1}");

		assertThat(hostsOf(rawPoints(this.token))).containsExactly("b");
		assertThat(hostsOf(this.api.points(this.token, (q) -> range(q).queryParam("step", "1h")))).containsExactly("b");
		assertThat(hostsOf(get(this.token, "/api/v1/latest", (q) -> q.queryParam("metric", "cpu"))))
			.containsExactly("b");
		assertThat(hostsOf(get(this.token, "/api/v1/series", (q) -> q.queryParam("metric", "cpu"))))
			.containsExactly("b");
		assertThat(get(this.token, "/api/v1/metrics", (q) -> {
		}).get("metrics")).isEqualTo(List.of("cpu"));
		// Both day partitions are gone, not just the part a query reads.
		String deleted = SeriesKey.of("cpu", Map.of("host", "a")).id();
		assertThat(storedPoints(this.tenant, deleted)).isZero();
		assertThat(storedPoints(this.tenant, SeriesKey.of("cpu", Map.of("host", "b")).id())).isEqualTo(4);
		// Its minute and hour rollups go with the points; the other series keeps its own.
		assertThat(storedRollups(this.tenant, deleted)).isZero();
		assertThat(storedRollups(this.tenant, SeriesKey.of("cpu", Map.of("host", "b")).id())).isPositive();
		assertThat(this.session
			.execute("SELECT day FROM series_days WHERE tenant = ? AND series_id = ?", this.tenant, deleted)
			.all()).isEmpty();
	}

	@Test
	void deletingTheLastSeriesOfAMetricRemovesTheMetricName() {
		ingestCpu(this.token, "a", "b");
		this.api.ingested(this.token, List.of(series("mem", Map.of(), List.of(List.of(DAY, 1.0)))));

		deleteSeries(this.admin, (q) -> q.queryParam("metric", "cpu")).expectStatus()
			.isOk()
			.expectBody()
			.json("{\"series\": 2}");

		assertThat(get(this.token, "/api/v1/metrics", (q) -> {
		}).get("metrics")).isEqualTo(List.of("mem"));
		assertThat(get(this.token, "/api/v1/series", (q) -> {
		}).get("series")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(1);
		assertThat(get(this.token, "/api/v1/latest", (q) -> q.queryParam("metric", "cpu")).get("series"))
			.isEqualTo(List.of());
	}

	@Test
	void anotherTenantsIdenticalSeriesIsUntouched() {
		String otherTenant = Tokens.uniqueTenant();
		String otherToken = Tokens.writerReader(otherTenant);
		ingestCpu(this.token, "a");
		ingestCpu(otherToken, "a");

		deleteSeries(this.admin, (q) -> q.queryParam("metric", "cpu")).expectStatus()
			.isOk()
			.expectBody()
			.json("{\"series\": 1}");

		assertThat(hostsOf(rawPoints(otherToken))).containsExactly("a");
		assertThat(pointsOf(rawPoints(otherToken))).hasSize(4);
		assertThat(hostsOf(get(otherToken, "/api/v1/latest", (q) -> q.queryParam("metric", "cpu"))))
			.containsExactly("a");
		assertThat(hostsOf(get(otherToken, "/api/v1/series", (q) -> q.queryParam("metric", "cpu"))))
			.containsExactly("a");
		assertThat(get(otherToken, "/api/v1/metrics", (q) -> {
		}).get("metrics")).isEqualTo(List.of("cpu"));
		assertThat(storedPoints(otherTenant, SeriesKey.of("cpu", Map.of("host", "a")).id())).isEqualTo(4);
	}

	@Test
	void aDeletedSeriesWrittenAgainIsVisibleAndCanBeDeletedAgain() {
		ingestCpu(this.token, "a");
		deleteSeries(this.admin, (q) -> q.queryParam("metric", "cpu")).expectStatus()
			.isOk()
			.expectBody()
			.json("{\"series\": 1}");

		// The same points again, plus a newer one.
		ingestCpu(this.token, "a");
		this.api.ingested(this.token,
				List.of(series("cpu", Map.of("host", "a"), List.of(List.of(DAY + 7_200_000, 9.0)))));

		assertThat(pointsOf(rawPoints(this.token))).hasSize(5);
		Map<String, Object> latest = get(this.token, "/api/v1/latest", (q) -> q.queryParam("metric", "cpu"));
		assertThat(hostsOf(latest)).containsExactly("a");
		assertThat(seriesOf(latest).get(0)).containsEntry("ts", DAY + 7_200_000).containsEntry("value", 9.0);
		assertThat(hostsOf(get(this.token, "/api/v1/series", (q) -> q.queryParam("metric", "cpu"))))
			.containsExactly("a");
		assertThat(get(this.token, "/api/v1/metrics", (q) -> {
		}).get("metrics")).isEqualTo(List.of("cpu"));

		// The day index was written again, so a second delete finds both days.
		deleteSeries(this.admin, (q) -> q.queryParam("metric", "cpu")).expectStatus()
			.isOk()
			.expectBody()
			.json("{\"series\": 1}");
		assertThat(storedPoints(this.tenant, SeriesKey.of("cpu", Map.of("host", "a")).id())).isZero();
	}

	@Test
	void aDeleteThatMatchesNothingAnswersZero() {
		ingestCpu(this.token, "a");

		deleteSeries(this.admin, (q) -> q.queryParam("metric", "cpu").queryParam("tag", "host:zzz")).expectStatus()
			.isOk()
			.expectBody()
			.json("{\"series\": 0}");
		deleteSeries(this.admin, (q) -> q.queryParam("metric", "nothing")).expectStatus()
			.isOk()
			.expectBody()
			.json("{\"series\": 0}");

		assertThat(pointsOf(rawPoints(this.token))).hasSize(4);
	}

	@Test
	void aDeleteWithoutMetricOrWithABadFilterIsRefusedAndDeletesNothing() {
		ingestCpu(this.token, "a");

		deleteSeries(this.admin, (q) -> q.queryParam("tag", "host:a")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("'metric' is required"));
		deleteSeries(this.admin, (q) -> q.queryParam("metric", "cpu").queryParam("tag", "host")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("tag");
		deleteSeries(this.admin, (q) -> q.queryParam("metric", "9cpu")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).startsWith("metric "));

		assertThat(pointsOf(rawPoints(this.token))).hasSize(4);
	}

	@Test
	void aDeleteMatchingMoreSeriesThanTheCapIsRefusedAndDeletesNothing() {
		List<Map<String, Object>> body = new ArrayList<>();
		for (int i = 0; i <= 1000; i++) {
			body.add(series("many", Map.of("n", Integer.toString(i)), List.of(List.of(DAY, (double) i))));
		}
		this.api.ingested(this.token, body);

		deleteSeries(this.admin, (q) -> q.queryParam("metric", "many")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("more than 1000 series",
					"sponge.series.max-delete-series"));

		assertThat(
				this.session.execute("SELECT COUNT(*) FROM series WHERE tenant = ? AND metric = ?", this.tenant, "many")
					.one()
					.getLong(0))
			.isEqualTo(1001);
		deleteSeries(this.admin, (q) -> q.queryParam("metric", "many").queryParam("tag", "n:1|2|3")).expectStatus()
			.isOk()
			.expectBody()
			.json("{\"series\": 3}");
	}

	@Test
	void readersAndWritersMayNotDelete() {
		ingestCpu(this.token, "a");

		for (String token : List.of(this.token, Tokens.withGroups(this.tenant, "sponge-writer"),
				Tokens.withGroups(this.tenant, "sponge-reader"))) {
			deleteSeries(token, (q) -> q.queryParam("metric", "cpu")).expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.detail")
				.value((detail) -> assertThat((String) detail).contains("ADMIN"));
		}

		assertThat(pointsOf(rawPoints(this.token))).hasSize(4);
	}

	/** Two points on each side of midnight per host, so every series spans two days. */
	private void ingestCpu(String token, String... hosts) {
		List<Map<String, Object>> body = new ArrayList<>();
		for (String host : hosts) {
			body.add(series("cpu", Map.of("host", host), List.of(List.of(DAY - 60_000, 1.0), List.of(DAY - 1, 2.0),
					List.of(DAY, 3.0), List.of(DAY + 60_000, 4.0))));
		}
		this.api.ingested(token, body);
	}

	private WebTestClient.ResponseSpec deleteSeries(String token, Consumer<UriBuilder> query) {
		return this.client.delete().uri((uri) -> {
			uri.path("/api/v1/series");
			query.accept(uri);
			return uri.build();
		}).headers(Api.bearer(token)).exchange();
	}

	private Map<String, Object> rawPoints(String token) {
		return this.api.points(token, this::range);
	}

	private UriBuilder range(UriBuilder query) {
		return query.queryParam("metric", "cpu").queryParam("from", DAY - 3_600_000).queryParam("to", DAY + 86_400_000);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> get(String token, String path, Consumer<UriBuilder> query) {
		return this.api.get(token, path, query)
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private long storedRollups(String tenant, String seriesId) {
		long count = 0;
		for (int day : List.of(TimeBuckets.dayOf(DAY - 1), TimeBuckets.dayOf(DAY))) {
			count += this.session
				.execute("SELECT COUNT(*) FROM rollup_1m WHERE tenant = ? AND series_id = ? AND day = ?", tenant,
						seriesId, day)
				.one()
				.getLong(0);
		}
		for (int month : List.of(TimeBuckets.monthOf(DAY - 1), TimeBuckets.monthOf(DAY)).stream().distinct().toList()) {
			count += this.session
				.execute("SELECT COUNT(*) FROM rollup_1h WHERE tenant = ? AND series_id = ? AND month = ?", tenant,
						seriesId, month)
				.one()
				.getLong(0);
		}
		return count;
	}

	private long storedPoints(String tenant, String seriesId) {
		long count = 0;
		for (int day : List.of(TimeBuckets.dayOf(DAY - 1), TimeBuckets.dayOf(DAY))) {
			count += this.session
				.execute("SELECT COUNT(*) FROM points WHERE tenant = ? AND series_id = ? AND day = ?", tenant, seriesId,
						day)
				.one()
				.getLong(0);
		}
		return count;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> seriesOf(Map<String, Object> page) {
		return (List<Map<String, Object>>) page.get("series");
	}

	@SuppressWarnings("unchecked")
	private static List<String> hostsOf(Map<String, Object> page) {
		return seriesOf(page).stream().map((s) -> ((Map<String, String>) s.get("tags")).get("host")).toList();
	}

	@SuppressWarnings("unchecked")
	private static List<Object> pointsOf(Map<String, Object> page) {
		return seriesOf(page).stream().flatMap((s) -> ((List<Object>) s.get("points")).stream()).toList();
	}

}
