package dev.sponge.series;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriBuilder;

import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tag keys and values for a dashboard's autocomplete: read from the metric's catalogue,
 * in order, narrowed by the other filters, paged with cursors, and only ever the caller's
 * tenant's.
 */
@IntegrationTest
class TagDiscoveryIntegrationTest {

	private final Api api;

	private final String tenant = Tokens.uniqueTenant();

	private final String writer = Tokens.withGroups(this.tenant, "sponge-writer");

	private final String reader = Tokens.withGroups(this.tenant, "sponge-reader");

	TagDiscoveryIntegrationTest(@Autowired WebTestClient client) {
		this.api = new Api(client);
	}

	@Test
	void tagKeysAndValuesOfAMetricAreListedInOrderAndNarrowedByTheOtherFilters() {
		writeRooms();

		assertThat(page("/api/v1/tags", null, 100, null)).containsEntry("tags", List.of("floor", "room", "site"))
			.containsEntry("next", null);
		assertThat(page("/api/v1/tags/site/values", null, 100, null)).containsEntry("key", "site")
			.containsEntry("values", List.of("annex", "lab", "office"))
			.containsEntry("next", null);
		assertThat(page("/api/v1/tags/room/values", "site:lab", 100, null).get("values"))
			.isEqualTo(List.of("1.01", "1.02"));
		assertThat(page("/api/v1/tags", "site:annex", 100, null).get("tags")).isEqualTo(List.of("floor", "site"));
		assertThat(page("/api/v1/tags/room/values", "site:annex", 100, null).get("values")).isEqualTo(List.of());
		assertThat(page("/api/v1/tags/site/values", null, 100, null, "no.such.metric").get("values"))
			.isEqualTo(List.of());
	}

	@Test
	void valuesArePagedWithCursorsAndEveryValueComesExactlyOnce() {
		List<Map<String, Object>> body = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			body.add(
					series("fleet", Map.of("host", "h" + i), List.of(List.of(System.currentTimeMillis() - 1000, 1.0))));
			// A second series per host: a value is listed once, however many series carry
			// it.
			body.add(series("fleet", Map.of("host", "h" + i, "core", "1"),
					List.of(List.of(System.currentTimeMillis() - 1000, 1.0))));
		}
		this.api.ingested(this.writer, body);

		List<Object> values = new ArrayList<>();
		List<Integer> sizes = new ArrayList<>();
		String cursor = null;
		do {
			Map<String, Object> page = page("/api/v1/tags/host/values", null, 3, cursor, "fleet");
			List<?> pageValues = (List<?>) page.get("values");
			values.addAll(pageValues);
			sizes.add(pageValues.size());
			cursor = (String) page.get("next");
		}
		while (cursor != null && sizes.size() < 10);

		assertThat(values).containsExactly("h0", "h1", "h2", "h3", "h4", "h5", "h6");
		assertThat(sizes).containsExactly(3, 3, 1);
	}

	@Test
	void anotherTenantsTagsAreNeverListedEvenForTheSameMetric() {
		writeRooms();
		String other = Tokens.uniqueTenant();
		this.api.ingested(Tokens.withGroups(other, "sponge-writer"), List.of(series("room.temperature",
				Map.of("site", "elsewhere", "secret", "x"), List.of(List.of(System.currentTimeMillis() - 1000, 1.0)))));

		assertThat(page("/api/v1/tags", null, 100, null).get("tags")).isEqualTo(List.of("floor", "room", "site"));
		assertThat(page("/api/v1/tags/site/values", null, 100, null).get("values"))
			.isEqualTo(List.of("annex", "lab", "office"));
	}

	@Test
	void aMissingMetricABadKeyOrAnotherQuerysCursorIsAProblemThatSaysSo() {
		writeRooms();
		String siteCursor = (String) page("/api/v1/tags/site/values", null, 1, null).get("next");
		assertThat(siteCursor).isNotNull();

		badRequest("/api/v1/tags", (q) -> {
		}, "Parameter 'metric' is required");
		badRequest("/api/v1/tags/site/values", (q) -> {
		}, "Parameter 'metric' is required");
		badRequest("/api/v1/tags/9bad/values", (q) -> q.queryParam("metric", "room.temperature"), "tag key '9bad'");
		badRequest("/api/v1/tags", (q) -> q.queryParam("metric", "room.temperature").queryParam("tag", "nocolon"),
				"Invalid tag filter");
		badRequest("/api/v1/tags/room/values",
				(q) -> q.queryParam("metric", "room.temperature").queryParam("cursor", siteCursor), "cursor");
	}

	private void writeRooms() {
		long now = System.currentTimeMillis() - 1000;
		this.api.ingested(this.writer,
				List.of(series("room.temperature", Map.of("site", "lab", "room", "1.02"), List.of(List.of(now, 21.5))),
						series("room.temperature", Map.of("site", "lab", "room", "1.01"), List.of(List.of(now, 20.5))),
						series("room.temperature", Map.of("site", "office", "room", "2.01", "floor", "2"),
								List.of(List.of(now, 22.0))),
						series("room.temperature", Map.of("site", "annex", "floor", "0"), List.of(List.of(now, 19.0))),
						series("room.humidity", Map.of("site", "lab", "sensor", "s1"), List.of(List.of(now, 40.0)))));
	}

	private Map<String, Object> page(String path, String tag, int limit, String cursor) {
		return page(path, tag, limit, cursor, "room.temperature");
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> page(String path, String tag, int limit, String cursor, String metric) {
		return this.api.get(this.reader, path, (q) -> {
			q.queryParam("metric", metric).queryParam("limit", limit);
			if (tag != null) {
				q.queryParam("tag", tag);
			}
			if (cursor != null) {
				q.queryParam("cursor", cursor);
			}
		}).expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
	}

	private void badRequest(String path, Consumer<UriBuilder> query, String detail) {
		this.api.get(this.reader, path, query)
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((String text) -> assertThat(text).contains(detail));
	}

}
