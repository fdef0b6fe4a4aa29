package dev.sponge.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.query.QueryResponses.GroupRowsView;
import dev.sponge.query.QueryResponses.GroupedPage;
import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;
import dev.sponge.tenancy.Tenant;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code group_by} through the real service and Cassandra node, checked against
 * aggregations the test computes from the points it wrote, merged per tag value.
 */
@IntegrationTest
class GroupByIntegrationTest {

	/** 2025-11-25T00:00:00Z. */
	private static final long DAY = 1764028800000L;

	private static final long HOUR = 3_600_000L;

	private static final long FROM = DAY - 2 * HOUR;

	private static final long TO = DAY + 2 * HOUR;

	private static final String ALL = "avg,min,max,sum,count,first,last,p50,p90,p99";

	private static final String DERIVABLE = "avg,min,max,sum,count,first,last";

	/** host, site (null: no site tag). */
	private static final Map<String, String> SITES = new LinkedHashMap<>();

	static {
		SITES.put("a", "lab");
		SITES.put("b", "lab");
		SITES.put("c", "office");
		SITES.put("d", null);
	}

	private final Api api;

	private final AggregatedQueryService queries;

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.writerReader(this.tenant);

	GroupByIntegrationTest(@Autowired WebTestClient client, @Autowired AggregatedQueryService queries) {
		this.api = new Api(client.mutate().codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(4 << 20)).build());
		this.queries = queries;
	}

	@Test
	void groupByMergesTheSeriesOfEachTagValueAndEqualsTheReference() {
		Map<String, NavigableMap<Long, Double>> written = writeRandom(3, false);

		Map<String, Object> page = this.api.points(this.token,
				(q) -> q.queryParam("metric", "cpu")
					.queryParam("from", FROM)
					.queryParam("to", TO)
					.queryParam("step", "10m")
					.queryParam("agg", ALL)
					.queryParam("group_by", "site")
					.queryParam("limit", 10_000));

		assertThat(page.get("next")).isNull();
		List<Map<String, Object>> groups = listOf(page.get("series"));
		// The group without the tag first, with a null value; then by value.
		assertThat(groups).extracting((group) -> group.get("group"))
			.containsExactly(nullSite(), Map.of("site", "lab"), Map.of("site", "office"));
		assertThat(groups).extracting((group) -> group.get("members")).containsExactly(1, 2, 1);
		for (Map<String, Object> group : groups) {
			String site = GroupByIntegrationTest.<Map<String, String>>cast(group.get("group")).get("site");
			NavigableMap<Long, Double> merged = new TreeMap<>();
			SITES.forEach((host, hostSite) -> {
				if (Objects.equals(site, hostSite)) {
					merged.putAll(written.get(host));
				}
			});
			long[] ts = merged.keySet().stream().mapToLong(Long::longValue).toArray();
			double[] values = merged.values().stream().mapToDouble(Double::doubleValue).toArray();
			List<List<Number>> expected = BucketAggregatorTest.reference(600_000L, Aggregation.parseAll(ALL), ts,
					values);
			List<List<Number>> rows = listOf(group.get("rows"));
			assertThat(rows).as("site %s", site).hasSameSizeAs(expected);
			for (int i = 0; i < expected.size(); i++) {
				BucketAggregatorTest.assertRowEquals(normalized(rows.get(i)), expected.get(i),
						"site " + site + " row " + i);
			}
		}
	}

	@Test
	void groupedRollupAnswersEqualGroupedRawAnswersEvenWithEqualTimesAcrossSeries() {
		Map<String, NavigableMap<Long, Double>> written = writeRandom(17, true);
		Random random = new Random(17);
		int cases = 20;
		for (int c = 0; c < cases; c++) {
			String step = List.of("1m", "5m", "1h", "2h").get(random.nextInt(4));
			long from = FROM - HOUR + (random.nextBoolean() ? random.nextInt(6) * HOUR : random.nextLong(6 * HOUR));
			long to = from + 1 + random.nextLong(4 * HOUR);
			GroupedPage raw = groups(from, to, step, DERIVABLE, false);
			GroupedPage rolled = groups(from, to, step, DERIVABLE, true);
			assertThat(rolled.series()).hasSameSizeAs(raw.series());
			for (int g = 0; g < raw.series().size(); g++) {
				GroupRowsView expected = raw.series().get(g);
				GroupRowsView actual = rolled.series().get(g);
				assertThat(actual.group()).isEqualTo(expected.group());
				assertThat(actual.members()).isEqualTo(expected.members());
				List<NavigableMap<Long, Double>> members = new ArrayList<>();
				SITES.forEach((host, site) -> {
					if (Objects.equals(site, expected.group().get("site"))) {
						members.add(written.get(host));
					}
				});
				RollupEquality.assertRowsEqual(actual.rows(), expected.rows(), expected.columns(),
						Step.parseMillis(step), members,
						"seed 17 case " + c + " step " + step + " " + from + ".." + to + " " + expected.group());
			}
		}
		System.out.println("GroupByIntegrationTest: seed 17, " + cases + " grouped queries compared");
	}

	@Test
	void pagingThroughGroupsLosesAndRepeatsNothing() {
		writeRandom(7, false);
		GroupedPage whole = groups(FROM, TO, "15m", "avg,count", true);
		List<List<Number>> wholeRows = new ArrayList<>();
		whole.series().forEach((group) -> wholeRows.addAll(group.rows()));

		List<List<Number>> paged = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			GroupedPage page = this.queries
				.groups(new Tenant(this.tenant), "cpu", null, (cursor == null) ? Long.toString(FROM) : null,
						(cursor == null) ? Long.toString(TO) : null, 7, cursor, "15m", "avg,count", "site", true)
				.block(Duration.ofSeconds(60));
			page.series().forEach((group) -> paged.addAll(group.rows()));
			cursor = page.next();
			pages++;
		}
		while (cursor != null);

		assertThat(pages).isGreaterThan(3);
		assertThat(paged).isEqualTo(wholeRows);
	}

	@Test
	void groupByThatIsNotAllowedIsA400NamingTheProblem() {
		expectBadRequest(Map.of("group_by", "site"), "group_by needs a step");
		expectBadRequest(Map.of("step", "1m", "group_by", "no space"), "group_by 'no space' is not a tag key");
		this.api.ingested(this.token,
				List.of(series("cpu", Map.of("site", "lab"), List.of(List.of(DAY, 1.0), List.of(DAY + 1_000, 2.0)))));
		Map<String, Object> plain = this.api.points(this.token,
				(q) -> q.queryParam("metric", "cpu")
					.queryParam("from", DAY)
					.queryParam("to", DAY + 60_000)
					.queryParam("step", "1s")
					.queryParam("limit", 1));
		expectBadRequest(Map.of("step", "1s", "group_by", "site", "cursor", (String) plain.get("next")),
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

	/**
	 * Random points for every host of {@link #SITES}; with {@code sharedTimes} some times
	 * are written to several series.
	 */
	private Map<String, NavigableMap<Long, Double>> writeRandom(long seed, boolean sharedTimes) {
		Random random = new Random(seed);
		long[] shared = BucketAggregatorTest.randomTimes(random, FROM, TO, 200);
		Map<String, NavigableMap<Long, Double>> written = new LinkedHashMap<>();
		List<Object> body = new ArrayList<>();
		SITES.forEach((host, site) -> {
			NavigableMap<Long, Double> points = new TreeMap<>();
			for (int i = 0; i < 400; i++) {
				// Times modulo 4 encode the host, so without shared times no two series
				// have a point at the same time and the reference merge is unambiguous.
				long ts = (sharedTimes && random.nextInt(4) == 0) ? shared[random.nextInt(shared.length)]
						: FROM + random.nextLong((TO - FROM) / 4) * 4 + "abcd".indexOf(host);
				points.put(ts, random.nextDouble(-1e3, 1e3));
			}
			Map<String, String> tags = new HashMap<>(Map.of("host", host));
			if (site != null) {
				tags.put("site", site);
			}
			List<List<Number>> sent = new ArrayList<>();
			points.forEach((ts, value) -> sent.add(List.of(ts, value)));
			body.add(series("cpu", tags, sent));
			written.put(host, points);
		});
		this.api.ingested(this.token, body);
		return written;
	}

	private GroupedPage groups(long from, long to, String step, String agg, boolean rollups) {
		return this.queries
			.groups(new Tenant(this.tenant), "cpu", null, Long.toString(from), Long.toString(to), 10_000, null, step,
					agg, "site", rollups)
			.block(Duration.ofSeconds(60));
	}

	private static Map<String, String> nullSite() {
		Map<String, String> group = new HashMap<>();
		group.put("site", null);
		return group;
	}

	private static List<Number> normalized(List<Number> row) {
		List<Number> cells = new ArrayList<>();
		for (Number cell : row) {
			cells.add((cell instanceof Integer || cell instanceof Long) ? (Number) cell.longValue()
					: (Number) cell.doubleValue());
		}
		return cells;
	}

	@SuppressWarnings("unchecked")
	private static <T> T cast(Object value) {
		return (T) value;
	}

	@SuppressWarnings("unchecked")
	private static <T> List<T> listOf(Object value) {
		return (List<T>) value;
	}

}
