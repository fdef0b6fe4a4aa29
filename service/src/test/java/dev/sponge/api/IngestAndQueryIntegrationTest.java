package dev.sponge.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/** Ingest and read back through the real service, Cassandra node and issuer. */
@IntegrationTest
class IngestAndQueryIntegrationTest {

	/** 2025-11-25T00:00:00Z: a day boundary, so ranges below cross partitions. */
	private static final long DAY = 1764028800000L;

	private final Api api;

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.writerReader(this.tenant);

	IngestAndQueryIntegrationTest(@Autowired WebTestClient client) {
		this.api = new Api(client);
	}

	@Test
	void ingestedPointsAreReadBackWithExactValues() {
		this.api
			.ingest(this.token,
					List.of(series("room.temperature", Map.of("site", "lab"),
							List.of(List.of(DAY + 1000, 21.5), List.of(DAY + 2000, -0.125),
									List.of(DAY + 3000, 1e-300)))))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series")
			.isEqualTo(1)
			.jsonPath("$.points")
			.isEqualTo(3);

		Map<String, Object> page = this.api.points(this.token,
				(q) -> q.queryParam("metric", "room.temperature")
					.queryParam("from", DAY)
					.queryParam("to", DAY + 10_000));
		List<Map<String, Object>> series = seriesOf(page);
		assertThat(series).singleElement().satisfies((s) -> {
			assertThat(s.get("metric")).isEqualTo("room.temperature");
			assertThat(s.get("tags")).isEqualTo(Map.of("site", "lab"));
			assertThat(s.get("id")).asString().hasSize(22);
			assertThat(pairs(s)).containsExactly(List.of(DAY + 1000, 21.5), List.of(DAY + 2000, -0.125),
					List.of(DAY + 3000, 1e-300));
		});
		assertThat(page.get("next")).isNull();
	}

	@Test
	void aPointWrittenAgainWithTheSameTimestampIsOverwritten() {
		this.api.ingested(this.token, List.of(series("m", Map.of(), List.of(List.of(DAY + 5, 1.0)))));
		this.api.ingested(this.token, List.of(series("m", Map.of(), List.of(List.of(DAY + 5, 0.5)))));

		Map<String, Object> page = this.api.points(this.token,
				(q) -> q.queryParam("metric", "m").queryParam("from", DAY).queryParam("to", DAY + 10));
		assertThat(pairs(seriesOf(page).get(0))).containsExactly(List.of(DAY + 5, 0.5));
	}

	@Test
	void concurrentRequestsToOneMetricLeaveEachSeriesLatestAtItsNewestPoint() {
		// A thousand series in each request: their latest rows are one partition, written
		// as one batch of a thousand rows; eight requests at once share the group commit.
		List<Integer> order = List.of(3, 7, 0, 5, 1, 6, 2, 4);
		Flux.fromIterable(order)
			.flatMap((round) -> Mono.fromRunnable(() -> this.api.ingested(this.token,
					IntStream.range(0, 1000)
						.mapToObj((host) -> series("fleet", Map.of("host", "h" + host),
								List.of(List.of(DAY + round * 1000L + host, (double) round))))
						.toList()))
				.subscribeOn(Schedulers.boundedElastic()), 8)
			.blockLast(Duration.ofMinutes(2));

		Map<String, Object> latest = this.api.get(this.token, "/api/v1/latest", (q) -> q.queryParam("metric", "fleet"))
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		List<Map<String, Object>> series = seriesOf(latest);
		assertThat(series).hasSize(1000).allSatisfy((s) -> {
			int host = Integer.parseInt(((Map<?, ?>) s.get("tags")).get("host").toString().substring(1));
			assertThat(((Number) s.get("ts")).longValue()).isEqualTo(DAY + 7000L + host);
			assertThat(((Number) s.get("value")).doubleValue()).isEqualTo(7.0);
		});
	}

	@Test
	void latestIsTheNewestPointEvenWhenOlderPointsArriveLater() {
		this.api.ingested(this.token, List.of(series("cpu", Map.of("host", "a"), List.of(List.of(DAY + 9000, 9.0)))));
		this.api.ingested(this.token, List
			.of(series("cpu", Map.of("host", "a"), List.of(List.of(DAY + 1000, 1.0), List.of(DAY + 5000, 5.0)))));
		this.api.ingested(this.token, List.of(series("cpu", Map.of("host", "b"), List.of(List.of(DAY + 7000, 7.0)))));

		this.api.get(this.token, "/api/v1/latest", (q) -> q.queryParam("metric", "cpu").queryParam("tag", "host:a"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series.length()")
			.isEqualTo(1)
			.jsonPath("$.series[0].tags.host")
			.isEqualTo("a")
			.jsonPath("$.series[0].ts")
			.isEqualTo(DAY + 9000)
			.jsonPath("$.series[0].value")
			.isEqualTo(9.0);
		this.api.get(this.token, "/api/v1/latest", (q) -> q.queryParam("metric", "cpu"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series.length()")
			.isEqualTo(2);
	}

	@Test
	void pagingThroughARangeLargerThanOnePageLosesAndRepeatsNothing() {
		// Three series, 1,500 points each, straddling midnight: five partitions, 4,500
		// points.
		Set<String> expected = new HashSet<>();
		List<Object> body = new ArrayList<>();
		for (String host : List.of("a", "b", "c")) {
			List<List<Number>> points = new ArrayList<>();
			for (int i = 0; i < 1500; i++) {
				long ts = DAY - 750_000 + i * 1000L;
				points.add(List.of(ts, i + 0.5));
				expected.add(host + "@" + ts + "=" + (i + 0.5));
			}
			body.add(series("paged", Map.of("host", host), points));
		}
		this.api.ingested(this.token, body);

		Set<String> seen = new HashSet<>();
		int pages = 0;
		String cursor = null;
		do {
			String current = cursor;
			Map<String, Object> page = this.api.points(this.token, (q) -> {
				q.queryParam("metric", "paged")
					.queryParam("from", DAY - 1_000_000)
					.queryParam("to", DAY + 1_000_000)
					.queryParam("limit", 1000);
				if (current != null) {
					q.queryParam("cursor", current);
				}
			});
			for (Map<String, Object> s : seriesOf(page)) {
				String host = (String) ((Map<?, ?>) s.get("tags")).get("host");
				for (List<Object> pair : pairs(s)) {
					assertThat(seen.add(host + "@" + pair.get(0) + "=" + pair.get(1))).as("no point repeats").isTrue();
				}
			}
			cursor = (String) page.get("next");
			pages++;
		}
		while (cursor != null);
		assertThat(seen).isEqualTo(expected);
		assertThat(pages).isEqualTo(5);
	}

	@Test
	void seriesAndMetricsAreDiscoverableAndPaged() {
		this.api
			.ingest(this.token,
					List.of(series("disk.used", Map.of("host", "a"), List.of(List.of(DAY, 1))),
							series("disk.used", Map.of("host", "b"), List.of(List.of(DAY, 2))),
							series("net.rx", Map.of("host", "a", "if", "eth0"), List.of(List.of(DAY, 3)))))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series")
			.isEqualTo(3);

		this.api.get(this.token, "/api/v1/metrics", (q) -> {
		}).expectStatus().isOk().expectBody().jsonPath("$.metrics").isEqualTo(List.of("disk.used", "net.rx"));
		this.api.get(this.token, "/api/v1/series", (q) -> q.queryParam("tag", "host:a"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series[*].metric")
			.isEqualTo(List.of("disk.used", "net.rx"));

		List<String> ids = new ArrayList<>();
		String cursor = null;
		do {
			String current = cursor;
			@SuppressWarnings("unchecked")
			Map<String, Object> page = this.api.get(this.token, "/api/v1/series", (q) -> {
				q.queryParam("limit", 1);
				if (current != null) {
					q.queryParam("cursor", current);
				}
			}).expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
			seriesOf(page).forEach((s) -> ids.add((String) s.get("id")));
			cursor = (String) page.get("next");
		}
		while (cursor != null);
		assertThat(ids).hasSize(3).doesNotHaveDuplicates();
	}

	@Test
	void cqlInStringsIsStoredAndReturnedVerbatim() {
		String hostile = "x'); DROP TABLE points; --";
		String quoted = "a\"b'c;DELETE FROM series WHERE tenant='x'";
		this.api.ingested(this.token,
				List.of(series("inject.me", Map.of("note", hostile, "q", quoted), List.of(List.of(DAY, 7.0)))));

		Map<String, Object> page = this.api.points(this.token,
				(q) -> q.queryParam("metric", "inject.me")
					.queryParam("tag", "note:" + hostile)
					.queryParam("from", DAY)
					.queryParam("to", DAY + 1));
		assertThat(seriesOf(page)).singleElement()
			.satisfies((s) -> assertThat(s.get("tags")).isEqualTo(Map.of("note", hostile, "q", quoted)));
		this.api.get(this.token, "/api/v1/metrics", (q) -> {
		}).expectStatus().isOk().expectBody().jsonPath("$.metrics").isEqualTo(List.of("inject.me"));
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> seriesOf(Map<String, Object> page) {
		return (List<Map<String, Object>>) page.get("series");
	}

	/** The {@code [ts, value]} pairs of a series, with ts as long and value as double. */
	@SuppressWarnings("unchecked")
	static List<List<Object>> pairs(Map<String, Object> series) {
		return ((List<List<Number>>) series.get("points")).stream()
			.map((p) -> List.<Object>of(p.get(0).longValue(), p.get(1).doubleValue()))
			.toList();
	}

}
