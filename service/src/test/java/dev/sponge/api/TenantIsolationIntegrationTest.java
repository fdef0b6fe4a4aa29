package dev.sponge.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriBuilder;

import dev.sponge.paging.CursorCodec;
import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A valid token of one tenant trying every way the API offers to reach another tenant's
 * data (parameters, series ids, cursors copied from the other tenant's pages, a crafted
 * tenant claim), and a READER trying to write or delete. Complements
 * {@link SecurityIntegrationTest}, which covers the token attacks themselves.
 */
@IntegrationTest
class TenantIsolationIntegrationTest {

	private static final long DAY = 1764028800000L;

	private final Api api;

	private final WebTestClient client;

	private final String owner = Tokens.uniqueTenant();

	private final String ownerToken = Tokens.writerReader(this.owner);

	private final String intruderToken = Tokens.writerReader(Tokens.uniqueTenant());

	TenantIsolationIntegrationTest(@Autowired WebTestClient client) {
		this.client = client;
		this.api = new Api(client);
	}

	@Test
	void cursorsOfEveryPagedEndpointAreUselessToAnotherTenant() {
		writeTwoSeries();
		List<PagedQuery> queries = List.of(new PagedQuery("/api/v1/points", (q) -> range(q.queryParam("metric", "a"))),
				new PagedQuery("/api/v1/points",
						(q) -> range(q.queryParam("metric", "a")).queryParam("step", "1s").queryParam("agg", "max")),
				new PagedQuery("/api/v1/series", (q) -> q), new PagedQuery("/api/v1/metrics", (q) -> q));
		for (PagedQuery query : queries) {
			String cursor = next(this.ownerToken, query);
			assertThat(cursor).as("a next page for the owner at %s", query.path()).isNotNull();
			this.api.get(this.intruderToken, query.path(), (q) -> query.params().apply(q).queryParam("cursor", cursor))
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.detail")
				.value((String detail) -> assertThat(detail).contains("cursor"));
		}
	}

	@Test
	void aCursorMovedToAnotherQueryOrAlteredOrSignedWithAnotherKeyIs400() {
		writeTwoSeries();
		PagedQuery points = new PagedQuery("/api/v1/points", (q) -> range(q.queryParam("metric", "a")));
		String cursor = next(this.ownerToken, points);
		this.api
			.get(this.ownerToken, "/api/v1/points",
					(q) -> range(q.queryParam("metric", "b")).queryParam("limit", 1).queryParam("cursor", cursor))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("The cursor"));
		char[] chars = cursor.toCharArray();
		chars[chars.length / 3] = (chars[chars.length / 3] == 'A') ? 'B' : 'A';
		String altered = new String(chars);
		this.api.get(this.ownerToken, "/api/v1/points", (q) -> points.params().apply(q).queryParam("cursor", altered))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("The cursor"));
		String foreign = new CursorCodec("another-key-another-key-another-key".getBytes(StandardCharsets.UTF_8))
			.encode(List.of("metrics", this.owner), "a");
		this.api.get(this.ownerToken, "/api/v1/metrics", (q) -> q.queryParam("limit", 1).queryParam("cursor", foreign))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("The cursor"));
	}

	@Test
	void anotherTenantsSeriesIdsAndTagValuesFindNothing() {
		writeTwoSeries();
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> owned = (List<Map<String, Object>>) this.api
			.points(this.ownerToken, (q) -> range(q.queryParam("metric", "a")))
			.get("series");
		String seriesId = (String) owned.get(0).get("id");
		for (String param : List.of("id", "series", "seriesId", "tenant")) {
			this.api
				.get(this.intruderToken, "/api/v1/points",
						(q) -> range(q.queryParam("metric", "a")).queryParam(param, seriesId, this.owner))
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.series.length()")
				.isEqualTo(0);
		}
		this.api
			.get(this.intruderToken, "/api/v1/latest",
					(q) -> q.queryParam("metric", "a").queryParam("tag", "site:one").queryParam("tenant", this.owner))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series.length()")
			.isEqualTo(0);
	}

	@Test
	void aTenantClaimThatIsNotOneValidNameGrantsNothing() {
		for (Object claim : List.of(List.of(this.owner), this.owner + "';--", "", 42)) {
			String token = Tokens.signedByIssuer(Tokens.validClaims("placeholder").claim("tenant", claim).build());
			this.api.get(token, "/api/v1/metrics", (q) -> {
			})
				.expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.detail")
				.value((String detail) -> assertThat(detail).contains("'tenant' claim"));
		}
	}

	@Test
	void aReaderCannotDeleteSeriesAndTheDataStays() {
		writeTwoSeries();
		String reader = Tokens.withGroups(this.owner, "sponge-reader");
		String writer = Tokens.withGroups(this.owner, "sponge-writer");
		for (String token : List.of(reader, writer)) {
			this.client.delete()
				.uri("/api/v1/series?metric=a")
				.headers(Api.bearer(token))
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.detail")
				.value((String detail) -> assertThat(detail).contains("ADMIN"));
		}
		this.api.get(reader, "/api/v1/latest", (q) -> q.queryParam("metric", "a"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series.length()")
			.isEqualTo(2);
	}

	private void writeTwoSeries() {
		this.api.ingested(this.ownerToken,
				List.of(series("a", Map.of("site", "one"), List.of(List.of(DAY, 1), List.of(DAY + 1, 2))),
						series("a", Map.of("site", "two"), List.of(List.of(DAY, 3))),
						series("b", Map.of(), List.of(List.of(DAY, 4)))));
	}

	private String next(String token, PagedQuery query) {
		return (String) this.api.get(token, query.path(), (q) -> query.params().apply(q).queryParam("limit", 1))
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("next");
	}

	private static UriBuilder range(UriBuilder query) {
		return query.queryParam("from", DAY).queryParam("to", DAY + 10);
	}

	private record PagedQuery(String path, java.util.function.UnaryOperator<UriBuilder> params) {
	}

}
