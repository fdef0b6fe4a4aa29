package dev.sponge.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Downsampled queries through the real service and Cassandra node, checked against the
 * aggregations computed in the test from the points it wrote.
 */
@IntegrationTest
class AggregatedQueryIntegrationTest {

	/** 2025-11-25T00:00:00Z: a day boundary, so the ranges below cross partitions. */
	private static final long DAY = 1764028800000L;

	private static final long FROM = DAY - 3 * 3_600_000L;

	private static final long TO = DAY + 3 * 3_600_000L;

	private static final String ALL = "avg,min,max,sum,count,first,last,p50,p90,p99";

	private final Api api;

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.writerReader(this.tenant);

	AggregatedQueryIntegrationTest(@Autowired WebTestClient client) {
		// A page of 30 s rows over six hours is larger than the client's default buffer.
		this.api = new Api(client.mutate().codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(4 << 20)).build());
	}

	@Test
	void everyAggregationOverDataCrossingADayBoundaryEqualsTheReference() {
		Map<String, long[]> times = new LinkedHashMap<>();
		Map<String, double[]> values = new LinkedHashMap<>();
		writeRandomSeries(times, values, 42);

		// 7 minutes does not divide a day, so one bucket straddles midnight and two
		// partitions.
		for (String step : List.of("PT7M", "1h", "30s", "1d")) {
			long stepMillis = Step.parseMillis(step);
			Map<String, Object> page = this.api.points(this.token,
					(q) -> q.queryParam("metric", "cpu")
						.queryParam("from", FROM)
						.queryParam("to", TO)
						.queryParam("step", step)
						.queryParam("agg", ALL)
						.queryParam("limit", 10_000));

			assertThat(page.get("next")).isNull();
			List<Map<String, Object>> series = seriesOf(page);
			assertThat(series).hasSize(2);
			for (Map<String, Object> s : series) {
				String host = tagsOf(s).get("host");
				assertThat(s.get("step")).isEqualTo((int) stepMillis);
				assertThat(s.get("columns")).isEqualTo(
						List.of("ts", "avg", "min", "max", "sum", "count", "first", "last", "p50", "p90", "p99"));
				List<List<Number>> expected = BucketAggregatorTest.reference(stepMillis, Aggregation.parseAll(ALL),
						times.get(host), values.get(host));
				List<List<Number>> rows = rowsOf(s);
				assertThat(rows).as("%s %s", step, host).hasSameSizeAs(expected);
				for (int i = 0; i < expected.size(); i++) {
					BucketAggregatorTest.assertRowEquals(normalized(rows.get(i)), expected.get(i),
							step + " " + host + " row " + i);
				}
			}
		}
	}

	@Test
	void bucketsAreEpochMultiplesOfTheStepAndOnlyHoldPointsInTheRange() {
		this.api.ingested(this.token, List.of(series("cpu", Map.of(), List.of(List.of(DAY + 10_000, 1.0),
				List.of(DAY + 70_000, 2.0), List.of(DAY + 110_000, 3.0), List.of(DAY + 250_000, 4.0)))));

		Map<String, Object> page = this.api.points(this.token,
				(q) -> q.queryParam("metric", "cpu")
					.queryParam("from", DAY + 60_001)
					.queryParam("to", DAY + 300_000)
					.queryParam("step", "1m")
					.queryParam("agg", "count,sum"));

		// The point at +10s is before from; the bucket at +3m is empty and left out.
		assertThat(rowsOf(seriesOf(page).get(0)).stream().map(this::normalized).toList())
			.containsExactly(List.of(DAY + 60_000, 2L, 5.0), List.of(DAY + 240_000, 1L, 4.0));
	}

	@Test
	void pagingThroughAggregatedRowsLosesAndRepeatsNothing() {
		writeRandomSeries(new LinkedHashMap<>(), new LinkedHashMap<>(), 7);
		Map<String, List<List<Number>>> whole = rowsBySeries(this.api.points(this.token,
				(q) -> q.queryParam("metric", "cpu")
					.queryParam("from", FROM)
					.queryParam("to", TO)
					.queryParam("step", "10m")
					.queryParam("agg", "avg,count,p90")));

		Map<String, List<List<Number>>> paged = new LinkedHashMap<>();
		String cursor = null;
		int pages = 0;
		do {
			String current = cursor;
			Map<String, Object> page = this.api.points(this.token, (q) -> {
				q.queryParam("metric", "cpu").queryParam("step", "10m").queryParam("agg", "avg,count,p90");
				q.queryParam("limit", 7);
				if (current == null) {
					q.queryParam("from", FROM).queryParam("to", TO);
				}
				else {
					q.queryParam("cursor", current);
				}
			});
			int rows = 0;
			for (Map.Entry<String, List<List<Number>>> entry : rowsBySeries(page).entrySet()) {
				paged.computeIfAbsent(entry.getKey(), (id) -> new ArrayList<>()).addAll(entry.getValue());
				rows += entry.getValue().size();
			}
			assertThat(rows).isLessThanOrEqualTo(7);
			cursor = (String) page.get("next");
			pages++;
		}
		while (cursor != null);

		assertThat(whole.values().stream().mapToInt(List::size).sum()).isGreaterThan(7 * 3);
		assertThat(pages).isGreaterThan(3);
		assertThat(paged).isEqualTo(whole);
	}

	@Test
	void aStepOrAggregationThatIsNotAllowedIsA400NamingTheProblem() {
		expectBadRequest(Map.of("step", "2d", "agg", "avg"), "step '2d' is not a step");
		expectBadRequest(Map.of("step", "1m", "agg", "avg,median"), "agg 'median' is not an aggregation");
		expectBadRequest(Map.of("agg", "avg"), "agg needs a step");
		expectBadRequest(Map.of("step", "1m", "from", "-401d"),
				"The range from..to is longer than PT9600H (sponge.query.max-aggregated-range)");
	}

	@Test
	void aCursorOfARawQueryIsRefusedByADownsampledOne() {
		this.api.ingested(this.token,
				List.of(series("cpu", Map.of(), List.of(List.of(DAY, 1.0), List.of(DAY + 1, 2.0)))));
		Map<String, Object> raw = this.api.points(this.token,
				(q) -> q.queryParam("metric", "cpu")
					.queryParam("from", DAY)
					.queryParam("to", DAY + 10)
					.queryParam("limit", 1));

		expectBadRequest(Map.of("step", "1m", "cursor", (String) raw.get("next")),
				"The cursor belongs to a different query");
	}

	private void expectBadRequest(Map<String, String> params, String detail) {
		this.api.get(this.token, "/api/v1/points", (q) -> {
			q.queryParam("metric", "cpu");
			params.forEach(q::queryParam);
		})
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody()
			.jsonPath("$.detail")
			.value(String.class, (text) -> assertThat(text).contains(detail));
	}

	/** Two series of random points from 3 h before to 3 h after midnight. */
	private void writeRandomSeries(Map<String, long[]> times, Map<String, double[]> values, long seed) {
		Random random = new Random(seed);
		List<Object> body = new ArrayList<>();
		for (String host : List.of("a", "b")) {
			long[] ts = BucketAggregatorTest.randomTimes(random, FROM, TO, 3_000);
			double[] vs = random.doubles(ts.length, -1e3, 1e3).toArray();
			times.put(host, ts);
			values.put(host, vs);
			List<List<Number>> points = new ArrayList<>();
			for (int i = 0; i < ts.length; i++) {
				points.add(List.of(ts[i], vs[i]));
			}
			body.add(series("cpu", Map.of("host", host), points));
		}
		this.api.ingested(this.token, body);
	}

	/** What JSON gives back as the types the reference uses: ts and count long. */
	private List<Number> normalized(List<Number> row) {
		List<Number> cells = new ArrayList<>();
		for (int i = 0; i < row.size(); i++) {
			Number cell = row.get(i);
			cells.add((cell instanceof Integer || cell instanceof Long) ? (Number) cell.longValue()
					: (Number) cell.doubleValue());
		}
		return cells;
	}

	private Map<String, List<List<Number>>> rowsBySeries(Map<String, Object> page) {
		Map<String, List<List<Number>>> rows = new LinkedHashMap<>();
		for (Map<String, Object> s : seriesOf(page)) {
			rows.put((String) s.get("id"), rowsOf(s).stream().map(this::normalized).toList());
		}
		return rows;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> seriesOf(Map<String, Object> page) {
		return (List<Map<String, Object>>) page.get("series");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> tagsOf(Map<String, Object> series) {
		return (Map<String, String>) series.get("tags");
	}

	@SuppressWarnings("unchecked")
	private static List<List<Number>> rowsOf(Map<String, Object> series) {
		return (List<List<Number>>) series.get("rows");
	}

}
