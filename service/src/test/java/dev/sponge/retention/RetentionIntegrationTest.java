package dev.sponge.retention;

import java.util.List;
import java.util.Map;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.points.TimeBuckets;
import dev.sponge.series.SeriesKey;
import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET/PUT /api/v1/retention} through the real service, and the TTL that writes
 * after it carry, read back from the real Cassandra node.
 */
@IntegrationTest
class RetentionIntegrationTest {

	private static final long THIRTY_DAYS = 30 * 86_400L;

	private final WebTestClient client;

	private final Api api;

	private final CqlSession session;

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.writerReader(this.tenant);

	private final String admin = Tokens.withGroups(this.tenant, "sponge-admin");

	RetentionIntegrationTest(@Autowired WebTestClient client, @Autowired CqlSession session) {
		this.client = client;
		this.api = new Api(client);
		this.session = session;
	}

	@Test
	void retentionIsNullUntilSetAndReadsBackAsSet() {
		getRetention(this.admin).expectStatus().isOk().expectBody().json("{\"retention\": null}");

		putRetention(this.admin, "{\"retention\": \"P30D\"}").expectStatus()
			.isOk()
			.expectBody()
			.json("{\"retention\": \"P30D\"}");
		getRetention(this.admin).expectStatus().isOk().expectBody().json("{\"retention\": \"P30D\"}");

		putRetention(this.admin, "{\"retention\": \"PT36H\"}").expectStatus()
			.isOk()
			.expectBody()
			.json("{\"retention\": \"PT36H\"}");
		putRetention(this.admin, "{\"retention\": \"P1DT12H\"}").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.retention")
			.hasJsonPath();
		getRetention(this.admin).expectStatus().isOk().expectBody().json("{\"retention\": \"PT36H\"}");

		putRetention(this.admin, "{\"retention\": null}").expectStatus()
			.isOk()
			.expectBody()
			.json("{\"retention\": null}");
		getRetention(this.admin).expectStatus().isOk().expectBody().json("{\"retention\": null}");
	}

	@Test
	void writesAfterARetentionIsSetCarryItAsTheirTtl() {
		putRetention(this.admin, "{\"retention\": \"P30D\"}").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.retention")
			.hasJsonPath();
		long ts = System.currentTimeMillis() - 60_000;
		ingest(this.token, ts);

		Row point = pointTtl(this.tenant, ts);
		assertThat(point.isNull(0)).isFalse();
		assertThat((long) point.getInt(0)).isBetween(THIRTY_DAYS - 600, THIRTY_DAYS);
		Row latest = this.session
			.execute("SELECT TTL(value) FROM latest WHERE tenant = ? AND metric = ?", this.tenant, "cpu")
			.one();
		assertThat((long) latest.getInt(0)).isBetween(THIRTY_DAYS - 600, THIRTY_DAYS);
		// The catalogue row: the retention plus twice sponge.series.catalogue-refresh (1
		// h).
		assertThat((long) seriesTtl(this.tenant).getInt(0)).isBetween(THIRTY_DAYS + 7200 - 600, THIRTY_DAYS + 7200);
	}

	@Test
	void aRetentionChangeReachesTheCatalogueRowOfAKnownSeriesWithItsNextWrite() {
		long ts = System.currentTimeMillis() - 60_000;
		ingest(this.token, ts);
		assertThat(seriesTtl(this.tenant).isNull(0)).as("no retention: no TTL").isTrue();

		// The instance remembers the series as registered, yet under another TTL.
		putRetention(this.admin, "{\"retention\": \"P30D\"}").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.retention")
			.hasJsonPath();
		ingest(this.token, ts + 1);
		assertThat((long) seriesTtl(this.tenant).getInt(0)).isBetween(THIRTY_DAYS + 7200 - 600, THIRTY_DAYS + 7200);

		putRetention(this.admin, "{\"retention\": null}").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.retention")
			.hasJsonPath();
		ingest(this.token, ts + 2);
		assertThat(seriesTtl(this.tenant).isNull(0)).as("back to forever: no TTL again").isTrue();
	}

	@Test
	void withoutRetentionWritesHaveNoTtl() {
		long ts = System.currentTimeMillis() - 60_000;
		ingest(this.token, ts);
		assertThat(pointTtl(this.tenant, ts).isNull(0)).isTrue();

		// Set, then back to forever: the next writes have no TTL again.
		putRetention(this.admin, "{\"retention\": \"P1D\"}").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.retention")
			.hasJsonPath();
		putRetention(this.admin, "{\"retention\": null}").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.retention")
			.hasJsonPath();
		ingest(this.token, ts + 1);
		assertThat(pointTtl(this.tenant, ts + 1).isNull(0)).isTrue();
	}

	@Test
	void theLargestRetentionCassandraAllowsIsAcceptedAndWritten() {
		putRetention(this.admin, "{\"retention\": \"P7300D\"}").expectStatus()
			.isOk()
			.expectBody()
			.json("{\"retention\": \"P7300D\"}");
		long ts = System.currentTimeMillis() - 60_000;
		ingest(this.token, ts);

		assertThat((long) pointTtl(this.tenant, ts).getInt(0)).isBetween(630_720_000L - 600, 630_720_000L);
	}

	@Test
	void invalidRetentionsAreRefusedNamingTheFieldAndChangeNothing() {
		putRetention(this.admin, "{\"retention\": \"P2D\"}").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.retention")
			.hasJsonPath();

		for (String body : List.of("{\"retention\": \"P0D\"}", "{\"retention\": \"-P1D\"}",
				"{\"retention\": \"PT0.5S\"}", "{\"retention\": \"P7301D\"}", "{\"retention\": \"P1M\"}",
				"{\"retention\": \"30 days\"}", "{\"retention\": 2592000}", "{}")) {
			putRetention(this.admin, body).expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("retention")
				.jsonPath("$.detail")
				.value((detail) -> assertThat((String) detail).startsWith("Invalid retention: retention "));
		}
		putRetention(this.admin, "{\"retention\": \"P1D\", \"ttl\": 5}").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("ttl");
		for (String body : List.of("not json", "[\"P1D\"]", "\"P1D\"", "")) {
			putRetention(this.admin, body).expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.detail")
				.value((detail) -> assertThat((String) detail).contains("{\"retention\": \"P30D\"}"));
		}

		getRetention(this.admin).expectStatus().isOk().expectBody().json("{\"retention\": \"P2D\"}");
	}

	@Test
	void retentionBelongsToOneTenant() {
		String otherTenant = Tokens.uniqueTenant();
		String otherToken = Tokens.writerReader(otherTenant);
		putRetention(this.admin, "{\"retention\": \"P1D\"}").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.retention")
			.hasJsonPath();

		getRetention(Tokens.withGroups(otherTenant, "sponge-admin")).expectStatus()
			.isOk()
			.expectBody()
			.json("{\"retention\": null}");
		long ts = System.currentTimeMillis() - 60_000;
		ingest(otherToken, ts);
		assertThat(pointTtl(otherTenant, ts).isNull(0)).isTrue();
	}

	@Test
	void readersAndWritersMayNeitherReadNorSetRetention() {
		for (String token : List.of(this.token, Tokens.withGroups(this.tenant, "sponge-writer"),
				Tokens.withGroups(this.tenant, "sponge-reader"))) {
			getRetention(token).expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.detail")
				.value((String detail) -> assertThat(detail).contains("ADMIN"));
			putRetention(token, "{\"retention\": \"P1D\"}").expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.detail")
				.value((detail) -> assertThat((String) detail).contains("ADMIN"));
		}
		getRetention(this.admin).expectStatus().isOk().expectBody().json("{\"retention\": null}");
	}

	private void ingest(String token, long ts) {
		this.api.ingested(token, List.of(series("cpu", Map.of("host", "a"), List.of(List.of(ts, 1.0)))));
	}

	private Row pointTtl(String tenant, long ts) {
		return this.session
			.execute("SELECT TTL(value) FROM points WHERE tenant = ? AND series_id = ? AND day = ? AND ts = ?", tenant,
					SeriesKey.of("cpu", Map.of("host", "a")).id(), TimeBuckets.dayOf(ts),
					java.time.Instant.ofEpochMilli(ts))
			.one();
	}

	private Row seriesTtl(String tenant) {
		return this.session
			.execute("SELECT TTL(tags) FROM series WHERE tenant = ? AND metric = ? AND series_id = ?", tenant, "cpu",
					SeriesKey.of("cpu", Map.of("host", "a")).id())
			.one();
	}

	private WebTestClient.ResponseSpec getRetention(String token) {
		return this.client.get().uri("/api/v1/retention").headers(Api.bearer(token)).exchange();
	}

	private WebTestClient.ResponseSpec putRetention(String token, String body) {
		return this.client.put()
			.uri("/api/v1/retention")
			.headers(Api.bearer(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

}
