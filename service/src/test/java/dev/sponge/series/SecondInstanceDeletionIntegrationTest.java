package dev.sponge.series;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.SpongeApplication;
import dev.sponge.points.TimeBuckets;
import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.RealInfrastructure;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deletes and retention changes made through one instance (the shared test application)
 * reach a second instance of its own, which remembers series as registered and caches
 * tenant settings for {@code sponge.retention.refresh} (2 s here).
 */
@IntegrationTest
class SecondInstanceDeletionIntegrationTest {

	private static final long DAY = 1764028800000L;

	private static ConfigurableApplicationContext second;

	private final Api first;

	private final WebTestClient firstClient;

	private final CqlSession session;

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.writerReader(this.tenant);

	private final String admin = Tokens.withGroups(this.tenant, "sponge-admin");

	SecondInstanceDeletionIntegrationTest(@Autowired WebTestClient client, @Autowired CqlSession session) {
		this.firstClient = client;
		this.first = new Api(client);
		this.session = session;
	}

	@BeforeAll
	static void startSecondInstance() {
		second = new SpringApplicationBuilder(SpongeApplication.class).initializers(new RealInfrastructure())
			.run("--server.port=0", "--sponge.retention.refresh=2s");
	}

	@AfterAll
	static void stopSecondInstance() {
		if (second != null) {
			second.close();
		}
	}

	@Test
	void aSeriesDeletedThroughOneInstanceIsRegisteredAgainWhenAnotherWritesIt() {
		Api other = secondInstance();
		other.ingested(this.token, List.of(cpu(DAY)));
		deleteCpu().expectStatus().isOk().expectBody().json("{\"series\": 1}");

		// The second instance remembered the series as registered; once it has read the
		// deletion mark, its next write puts the series back in the catalogue.
		long[] ts = { DAY };
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			other.ingested(this.token, List.of(cpu(++ts[0])));
			assertThat(seriesOf(this.first.get(this.token, "/api/v1/series", (q) -> q.queryParam("metric", "cpu"))))
				.hasSize(1);
		});
		assertThat(this.first.get(this.token, "/api/v1/metrics", (q) -> {
		}).expectBody(Map.class).returnResult().getResponseBody()).containsEntry("metrics", List.of("cpu"));

		// Its day index was written again too: a second delete leaves no point behind.
		deleteCpu().expectStatus().isOk().expectBody().json("{\"series\": 1}");
		assertThat(this.session
			.execute("SELECT COUNT(*) FROM points WHERE tenant = ? AND series_id = ? AND day = ?", this.tenant,
					SeriesKey.of("cpu", Map.of("host", "a")).id(), TimeBuckets.dayOf(DAY))
			.one()
			.getLong(0)).isZero();
	}

	@Test
	void aRetentionSetThroughOneInstanceReachesAnotherWithinTheRefresh() {
		Api other = secondInstance();
		long now = System.currentTimeMillis();
		other.ingested(this.token, List.of(cpu(now - 60_000)));
		this.firstClient.put()
			.uri("/api/v1/retention")
			.headers(Api.bearer(this.admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"retention\": \"P1D\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"retention\": \"P1D\"}");

		long[] ts = { now - 60_000 };
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			other.ingested(this.token, List.of(cpu(++ts[0])));
			Row ttl = this.session
				.execute("SELECT TTL(value) FROM points WHERE tenant = ? AND series_id = ? AND day = ? AND ts = ?",
						this.tenant, SeriesKey.of("cpu", Map.of("host", "a")).id(), TimeBuckets.dayOf(ts[0]),
						java.time.Instant.ofEpochMilli(ts[0]))
				.one();
			assertThat(ttl.isNull(0)).isFalse();
			assertThat(ttl.getInt(0)).isBetween(86_400 - 600, 86_400);
		});
	}

	private Api secondInstance() {
		int port = ((WebServerApplicationContext) second).getWebServer().getPort();
		return new Api(WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build());
	}

	private WebTestClient.ResponseSpec deleteCpu() {
		return this.firstClient.delete().uri("/api/v1/series?metric=cpu").headers(Api.bearer(this.admin)).exchange();
	}

	private static Map<String, Object> cpu(long ts) {
		return series("cpu", Map.of("host", "a"), List.of(List.of(ts, 1.0)));
	}

	@SuppressWarnings("unchecked")
	private static List<Object> seriesOf(WebTestClient.ResponseSpec response) {
		return (List<Object>) response.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("series");
	}

}
