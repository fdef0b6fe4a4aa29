package dev.sponge.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import com.datastax.oss.driver.api.core.CqlSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.points.TimeBuckets;
import dev.sponge.query.QueryResponses.AggregatedPage;
import dev.sponge.query.QueryResponses.SeriesRowsView;
import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.RollupsConverged;
import dev.sponge.support.Tokens;
import dev.sponge.tenancy.Tenant;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rollups through the real service and Cassandra node: points go in through the API, and
 * the planner's answer (rollups where they apply) must equal the answer from raw points
 * alone, whatever order the points arrived in and however often they were overwritten.
 */
@IntegrationTest
class RollupIntegrationTest {

	/** 2025-11-25T00:00:00Z: a day boundary, so ranges cross partitions. */
	private static final long DAY = 1764028800000L;

	private static final long MINUTE = 60_000L;

	private static final long HOUR = 3_600_000L;

	private static final List<String> STEPS = List.of("1m", "5m", "7m", "1h", "2h", "1d", "90s");

	private static final List<String> DERIVABLE = List.of("avg", "min", "max", "sum", "count", "first", "last");

	private final Api api;

	private final AggregatedQueryService queries;

	private final MeterRegistry meters;

	private final CqlSession session;

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.writerReader(this.tenant);

	RollupIntegrationTest(@Autowired WebTestClient client, @Autowired AggregatedQueryService queries,
			@Autowired MeterRegistry meters, @Autowired CqlSession session) {
		this.api = new Api(client);
		this.queries = queries;
		this.meters = meters;
		this.session = session;
	}

	@Test
	void rollupAnswersEqualRawAnswersForRandomOutOfOrderAndOverwrittenPointsBeforeAndAfterTheWorkersCatchUp() {
		// Other ingest of the same tenant runs all along, so the workers recompute while
		// the checked series are written and queried.
		AtomicBoolean done = new AtomicBoolean();
		CompletableFuture<Integer> noise = CompletableFuture.supplyAsync(() -> {
			Random random = new Random(7);
			int requests = 0;
			while (!done.get()) {
				List<List<Number>> points = new ArrayList<>();
				for (int p = 0; p < 50; p++) {
					points.add(List.of(DAY - 2 * HOUR + random.nextLong(4 * HOUR), random.nextDouble()));
				}
				this.api.ingested(this.token, List.of(series("noise", Map.of(), points)));
				requests++;
			}
			return requests;
		});
		try {
			compareRandomQueries();
		}
		finally {
			done.set(true);
		}
		assertThat(noise.join()).as("concurrent ingest requests").isPositive();
	}

	private void compareRandomQueries() {
		long seed = 20251125;
		Random random = new Random(seed);
		int cases = 12;
		int queriesRun = 0;
		long rows = 0;
		List<Runnable> queries = new ArrayList<>();
		List<String> metrics = new ArrayList<>();
		for (int c = 0; c < cases; c++) {
			String metric = "m" + c;
			metrics.add(metric);
			Map<String, NavigableMap<Long, Double>> model = new LinkedHashMap<>();
			int requests = 2 + random.nextInt(4);
			for (int r = 0; r < requests; r++) {
				ingestRandom(random, metric, model);
			}
			for (int q = 0; q < 5; q++) {
				String step = STEPS.get(random.nextInt(STEPS.size()));
				List<String> columns = randomColumns(random);
				long from = randomEdge(random);
				long to = from + 1 + Math.abs(randomEdge(random) - from);
				String description = "seed " + seed + " case " + c + " query " + q + " step " + step + " " + from + ".."
						+ to + " " + columns;
				// Right after the write: the marked minutes are read from raw points.
				rows += assertRollupEqualsRaw(metric, from, to, step, String.join(",", columns), model, description);
				queries.add(() -> assertRollupEqualsRaw(metric, from, to, step, String.join(",", columns), model,
						description + " (caught up)"));
				queriesRun++;
			}
		}
		double rollupParts = rollupParts();
		RollupsConverged.await(this.session, this.tenant, metrics);
		queries.forEach(Runnable::run);
		assertThat(rows).as("rows compared in " + queriesRun + " queries").isGreaterThan(100);
		assertThat(rollupParts()).as("parts answered by rollup tables once caught up").isGreaterThan(rollupParts);
	}

	@Test
	void anAlignedHourlyQueryIsAnsweredByTheRollupsEvenAfterTheRawPointsAreGone() {
		List<List<Number>> points = new ArrayList<>();
		for (long ts = DAY; ts < DAY + 2 * HOUR; ts += 30_000) {
			points.add(List.of(ts, (double) (ts / 30_000 % 17)));
		}
		this.api.ingested(this.token, List.of(series("gone", Map.of(), points)));
		RollupsConverged.await(this.session, this.tenant, List.of("gone"));
		AggregatedPage before = page("gone", DAY, DAY + 2 * HOUR, "1h", "avg,count,first,last", true);
		String seriesId = before.series().get(0).id();
		assertThat(before.series().get(0).rows()).hasSize(2);

		this.session.execute("DELETE FROM points WHERE tenant = ? AND series_id = ? AND day = ?", this.tenant, seriesId,
				TimeBuckets.dayOf(DAY));

		assertThat(page("gone", DAY, DAY + 2 * HOUR, "1h", "avg,count,first,last", false).series()).isEmpty();
		assertThat(page("gone", DAY, DAY + 2 * HOUR, "1h", "avg,count,first,last", true)).isEqualTo(before);
		assertThat(page("gone", DAY, DAY + 2 * HOUR, "1m", "count", true).series().get(0).rows()).hasSize(120)
			.allSatisfy((row) -> assertThat(row.get(1)).isEqualTo(2L));
	}

	@Test
	void concurrentWritersOnOneBucketLeaveRollupsEqualToTheRawPoints() {
		long minute = DAY + 5 * HOUR + 7 * MINUTE;
		int writers = 6;
		int requestsPerWriter = 6;
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		try {
			List<CompletableFuture<Void>> done = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				Random random = new Random(w);
				done.add(CompletableFuture.runAsync(() -> {
					for (int r = 0; r < requestsPerWriter; r++) {
						List<List<Number>> points = new ArrayList<>();
						for (int p = 0; p < 20; p++) {
							// Few distinct times, so writers overwrite each other's
							// points;
							// some fall in the next minute of the same hour.
							long ts = minute + random.nextInt(12) * 5_000L + (random.nextInt(4) == 0 ? MINUTE : 0);
							points.add(List.of(ts, random.nextDouble() * 100));
						}
						this.api.ingested(this.token, List.of(series("race", Map.of(), points)));
					}
				}, pool));
			}
			done.forEach(CompletableFuture::join);
		}
		finally {
			pool.shutdown();
		}

		assertRaceEqualsRaw(minute);
		RollupsConverged.await(this.session, this.tenant, List.of("race"));
		assertRaceEqualsRaw(minute);
	}

	private void assertRaceEqualsRaw(long minute) {
		for (String step : List.of("1m", "1h")) {
			AggregatedPage raw = page("race", DAY, DAY + 6 * HOUR, step, String.join(",", DERIVABLE), false);
			AggregatedPage rolled = page("race", DAY, DAY + 6 * HOUR, step, String.join(",", DERIVABLE), true);
			assertThat(rolled.series()).hasSize(1);
			NavigableMap<Long, Double> points = new TreeMap<>();
			rawPoints("race", minute, minute + 2 * MINUTE)
				.forEach((p) -> points.put(p.get(0).longValue(), p.get(1).doubleValue()));
			RollupEquality.assertRowsEqual(rolled.series().get(0).rows(), raw.series().get(0).rows(),
					rolled.series().get(0).columns(), Step.parseMillis(step), List.of(points), "race " + step);
		}
	}

	private long assertRollupEqualsRaw(String metric, long from, long to, String step, String agg,
			Map<String, NavigableMap<Long, Double>> model, String description) {
		AggregatedPage raw = page(metric, from, to, step, agg, false);
		AggregatedPage rolled = page(metric, from, to, step, agg, true);
		assertThat(rolled.next()).isNull();
		assertThat(raw.next()).isNull();
		assertThat(rolled.series()).as(description).hasSameSizeAs(raw.series());
		long rows = 0;
		for (int s = 0; s < raw.series().size(); s++) {
			SeriesRowsView expected = raw.series().get(s);
			SeriesRowsView actual = rolled.series().get(s);
			assertThat(actual.id()).isEqualTo(expected.id());
			RollupEquality.assertRowsEqual(actual.rows(), expected.rows(), expected.columns(), Step.parseMillis(step),
					List.of(model.get(expected.tags().get("host"))), description + " host " + expected.tags());
			rows += expected.rows().size();
		}
		return rows;
	}

	/**
	 * One ingest request of two series: random times around midnight, some on minute and
	 * hour boundaries, some overwriting earlier points; the model keeps the last value.
	 */
	private void ingestRandom(Random random, String metric, Map<String, NavigableMap<Long, Double>> model) {
		List<Object> body = new ArrayList<>();
		for (String host : List.of("a", "b")) {
			NavigableMap<Long, Double> points = model.computeIfAbsent(host, (h) -> new TreeMap<>());
			List<List<Number>> sent = new ArrayList<>();
			int count = 1 + random.nextInt(150);
			for (int i = 0; i < count; i++) {
				long ts;
				int kind = random.nextInt(10);
				if (kind == 0 && !points.isEmpty()) {
					Long existing = points.ceilingKey(DAY - 2 * HOUR + random.nextLong(4 * HOUR));
					ts = (existing != null) ? existing : points.firstKey();
				}
				else if (kind == 1) {
					ts = DAY - 2 * HOUR + random.nextInt(240) * MINUTE;
				}
				else {
					ts = DAY - 2 * HOUR + random.nextLong(4 * HOUR);
				}
				double value = random.nextDouble(-1e3, 1e3);
				sent.add(List.of(ts, value));
				points.put(ts, value);
			}
			body.add(series(metric, Map.of("host", host), sent));
		}
		this.api.ingested(this.token, body);
	}

	/** A range edge: on an hour, on a minute or anywhere, within the data's reach. */
	private static long randomEdge(Random random) {
		long anywhere = DAY - 3 * HOUR + random.nextLong(6 * HOUR);
		return switch (random.nextInt(3)) {
			case 0 -> Math.floorDiv(anywhere, HOUR) * HOUR;
			case 1 -> Math.floorDiv(anywhere, MINUTE) * MINUTE;
			default -> anywhere;
		};
	}

	private static List<String> randomColumns(Random random) {
		List<String> columns = new ArrayList<>();
		for (String aggregation : DERIVABLE) {
			if (random.nextInt(3) == 0) {
				columns.add(aggregation);
			}
		}
		return columns.isEmpty() ? List.of("sum", "count") : columns;
	}

	private AggregatedPage page(String metric, long from, long to, String step, String agg, boolean rollups) {
		return this.queries
			.points(new Tenant(this.tenant), metric, null, Long.toString(from), Long.toString(to), 10_000, null, step,
					agg, rollups)
			.block(Duration.ofSeconds(60));
	}

	@SuppressWarnings("unchecked")
	private List<List<Number>> rawPoints(String metric, long from, long to) {
		Map<String, Object> page = this.api.points(this.token,
				(q) -> q.queryParam("metric", metric)
					.queryParam("from", from)
					.queryParam("to", to)
					.queryParam("limit", 10_000));
		List<Map<String, Object>> series = (List<Map<String, Object>>) page.get("series");
		return (List<List<Number>>) series.get(0).get("points");
	}

	private double rollupParts() {
		return this.meters.find("sponge.query.source")
			.tag("source", "rollup_1m")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum()
				+ this.meters.find("sponge.query.source")
					.tag("source", "rollup_1h")
					.counters()
					.stream()
					.mapToDouble(Counter::count)
					.sum();
	}

}
