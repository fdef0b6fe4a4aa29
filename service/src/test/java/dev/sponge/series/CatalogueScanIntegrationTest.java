package dev.sponge.series;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Api;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tag filters are matched in the service, so a filter that matches nothing would read a
 * metric's whole catalogue (or latest-value) partition: with
 * {@code sponge.series.max-scan-rows} of twelve and a metric of thirteen series, queries
 * and deletes stop with a typed 400 and discovery pages end with a cursor after twelve
 * rows.
 */
@SmallCatalogueCaps
class CatalogueScanIntegrationTest {

	private static final int SERIES = 13;

	private final WebTestClient client;

	private final Api api;

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.withGroups(this.tenant, "sponge-admin");

	CatalogueScanIntegrationTest(@Autowired WebTestClient client) {
		this.client = client;
		this.api = new Api(client);
	}

	@Test
	void aQueryWhoseFilterMatchesNothingStopsAtTheScanCapWithATypedProblem() {
		writeFleet();

		for (String path : List.of("/api/v1/points", "/api/v1/latest", "/api/v1/tags", "/api/v1/tags/host/values")) {
			this.api.get(this.token, path,
					(q) -> q.queryParam("metric", "fleet").queryParam("tag", "host:nobody").queryParam("from", "-1h"))
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("urn:sponge:problem:catalogue-scan")
				.jsonPath("$.property")
				.isEqualTo("sponge.series.max-scan-rows")
				.jsonPath("$.value")
				.isEqualTo(12);
		}
		this.client.delete()
			.uri((uri) -> uri.path("/api/v1/series")
				.queryParam("metric", "fleet")
				.queryParam("tag", "host:nobody")
				.build())
			.headers(Api.bearer(this.token))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:sponge:problem:catalogue-scan");
	}

	@Test
	void discoveryPagesEndAfterTheScanCapWithACursorAndFindTheOneMatchOnTheWay() {
		writeFleet();

		List<Map<String, Object>> firstPages = pages("host:nobody");
		assertThat(firstPages).hasSize(2);
		assertThat(firstPages.get(0).get("next")).isNotNull();
		assertThat(firstPages).allSatisfy((page) -> assertThat((List<?>) page.get("series")).isEmpty());

		List<Map<String, Object>> found = pages("host:h7").stream().flatMap((page) -> seriesOf(page).stream()).toList();
		assertThat(found).singleElement()
			.satisfies((s) -> assertThat(s.get("tags")).isEqualTo(Map.of("host", "h7", "rack", "r1")));

		// Without a filter every row read is a match: pages of the size asked for.
		Map<String, Object> unfiltered = page(null, null, 10);
		assertThat(seriesOf(unfiltered)).hasSize(10);
		assertThat(seriesOf(page(null, (String) unfiltered.get("next"), 10))).hasSize(SERIES - 10);
	}

	private void writeFleet() {
		List<Map<String, Object>> body = new ArrayList<>();
		for (int i = 0; i < SERIES; i++) {
			body.add(series("fleet", Map.of("host", "h" + i, "rack", "r" + (i % 2)),
					List.of(List.of(System.currentTimeMillis() - 1000, 1.0))));
		}
		this.api.ingested(this.token, body);
	}

	/** Every page of {@code /series} with the tag filter, following the cursors. */
	private List<Map<String, Object>> pages(String tag) {
		List<Map<String, Object>> pages = new ArrayList<>();
		String cursor = null;
		do {
			Map<String, Object> page = page(tag, cursor, 100);
			pages.add(page);
			cursor = (String) page.get("next");
		}
		while (cursor != null && pages.size() < 10);
		return pages;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> page(String tag, String cursor, int limit) {
		return this.api.get(this.token, "/api/v1/series", (q) -> {
			q.queryParam("metric", "fleet").queryParam("limit", limit);
			if (tag != null) {
				q.queryParam("tag", tag);
			}
			if (cursor != null) {
				q.queryParam("cursor", cursor);
			}
		}).expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> seriesOf(Map<String, Object> page) {
		return (List<Map<String, Object>>) page.get("series");
	}

}
