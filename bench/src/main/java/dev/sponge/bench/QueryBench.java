package dev.sponge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dashboard queries after ingest, one at a time, each repeated: latest values of 100
 * series, a raw one-hour range, and a one-day one-minute average of one-second data; the
 * same rows read by the bare driver are the baseline. For the average that is the day's
 * {@code rollup_1m} partition, which the service reads while the rollups are current; the
 * driver averaging the day's raw points is reported beside it. Every answer is checked
 * for the expected number of series, points or rows, so a fast wrong answer cannot pass.
 */
final class QueryBench {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final long HOUR = 3_600_000L;

	/** The driver averaging raw points: not what the service reads, shown for scale. */
	static final String RAW_POINTS_BASELINE = "driver, raw points";

	private final Workload data;

	private final DriverReads driver;

	private final int repeats;

	private final int aggregationRepeats;

	private final JitWarmup warmup;

	/**
	 * @param repeats measured repetitions of the latest and raw queries
	 * @param aggregationRepeats measured repetitions of the aggregation
	 * @param warmup how long each query runs unmeasured first, every source in turn (at
	 * least once)
	 */
	QueryBench(Workload data, DriverReads driver, int repeats, int aggregationRepeats, JitWarmup warmup) {
		this.warmup = warmup;
		this.data = data;
		this.driver = driver;
		this.repeats = repeats;
		this.aggregationRepeats = aggregationRepeats;
	}

	/**
	 * The three queries against the driver and against each HTTP target. The sources of
	 * one query take turns, repetition by repetition (driver, service, lighttpd, driver,
	 * ...), so none of them runs while Cassandra is busier with compaction or the rollup
	 * workers than the others.
	 * @param rollupsComplete whether the query day's {@code rollup_1m} rows hold every
	 * point; if not, there is no like-for-like baseline of the aggregation
	 */
	List<Result> run(List<Target> targets, boolean rollupsComplete) {
		String tenant = this.data.tenant();
		String daySeries = this.data.seriesId(0);
		long day = this.data.base();
		String filter = "metric=" + this.data.metric();
		String oneSeries = filter + "&tag=host:" + this.data.host(0);

		List<Source> latest = new ArrayList<>();
		latest.add(new Source("driver", (i) -> this.driver.latest(tenant, this.data.metric())));
		List<Source> raw = new ArrayList<>();
		raw.add(new Source("driver",
				(i) -> this.driver.range(tenant, daySeries, day + (i % 24) * HOUR, day + (i % 24 + 1) * HOUR)));
		List<Source> average = new ArrayList<>();
		if (rollupsComplete) {
			average.add(new Source("driver",
					(i) -> this.driver.minuteAveragesFromRollups(tenant, daySeries, day, day + Driver.DAY_MILLIS)));
		}
		average.add(new Source(RAW_POINTS_BASELINE,
				(i) -> this.driver.minuteAveragesFromPoints(tenant, daySeries, day, day + Driver.DAY_MILLIS)));
		for (Target target : targets) {
			latest.add(new Source(target.name(),
					(i) -> get(target, "/api/v1/latest?" + filter, (n) -> n.get("series").size())));
			raw.add(new Source(target.name(),
					(i) -> get(target,
							"/api/v1/points?" + oneSeries + "&limit=10000&from=" + (day + (i % 24) * HOUR) + "&to="
									+ (day + (i % 24 + 1) * HOUR),
							(n) -> n.get("series").get(0).get("points").size())));
			average
				.add(new Source(target.name(),
						(i) -> get(target,
								"/api/v1/points?" + oneSeries + "&step=1m&agg=avg&limit=1440&from=" + day + "&to="
										+ (day + Driver.DAY_MILLIS),
								(n) -> n.get("series").get(0).get("rows").size())));
		}
		List<Result> results = new ArrayList<>();
		results.addAll(measure("latest of 100 series", latest, this.repeats, this.data.seriesCount()));
		results.addAll(measure("raw one-hour range", raw, this.repeats, 3600));
		results.addAll(measure("one-day 1-minute avg", average, this.aggregationRepeats, 1440));
		return results;
	}

	private static Mono<Long> get(Target target, String uri, Function<JsonNode, Integer> count) {
		return target.client()
			.headersWhen((headers) -> Mono
				.fromSupplier(() -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + target.token().get())))
			.get()
			.uri(uri)
			.responseSingle((response, body) -> body.asString().defaultIfEmpty("").flatMap((text) -> {
				if (response.status().code() != 200) {
					return Mono.error(new IllegalStateException("GET " + uri + ": HTTP " + response.status() + " "
							+ text.substring(0, Math.min(300, text.length()))));
				}
				return Mono.just((long) count.apply(JSON.readTree(text)));
			}));
	}

	/**
	 * Runs the query unmeasured from every source (JIT, caches), then {@code times}
	 * measured, the sources taking turns in every repetition; checks every answer's size.
	 */
	private List<Result> measure(String query, List<Source> sources, int times, long expected) {
		List<Histogram> micros = new ArrayList<>();
		sources.forEach((source) -> micros.add(new Histogram(3)));
		JitWarmup.Run warming = this.warmup.start();
		int warmups = 0;
		do {
			for (Source source : sources) {
				run(query, source, warmups, expected);
			}
			warmups++;
		}
		while (!warming.over());
		for (int i = 0; i < times; i++) {
			for (int s = 0; s < sources.size(); s++) {
				micros.get(s).recordValue(run(query, sources.get(s), i, expected));
			}
		}
		List<Result> results = new ArrayList<>();
		for (int s = 0; s < sources.size(); s++) {
			results.add(new Result(query, sources.get(s).name(), LoadLoop.Latency.of(micros.get(s), 1000.0),
					warming.seconds(), warming.quiet()));
		}
		return results;
	}

	/** Runs the query once from the source, checks the answer's size; microseconds. */
	private static long run(String query, Source source, int repetition, long expected) {
		long start = System.nanoTime();
		Long size = source.run().apply(repetition).block(Duration.ofMinutes(2));
		long elapsed = (System.nanoTime() - start) / 1000;
		if (size == null || size != expected) {
			throw new IllegalStateException(
					query + " via " + source.name() + " returned " + size + ", not " + expected);
		}
		return elapsed;
	}

	/**
	 * One way of running a query: the driver or an HTTP target; emits the answer's size.
	 */
	private record Source(String name, IntFunction<Mono<Long>> run) {
	}

	/**
	 * An HTTP endpoint to query.
	 *
	 * @param name e.g. {@code service direct}
	 * @param client client with the target's base URL
	 * @param token bearer token of a reader
	 */
	record Target(String name, HttpClient client, Supplier<String> token) {

		static Target of(String name, String baseUrl, Supplier<String> token) {
			return new Target(name, HttpClient.create().baseUrl(baseUrl).responseTimeout(Duration.ofMinutes(2)), token);
		}

	}

	/**
	 * Latency of one query against one target.
	 *
	 * @param query which query
	 * @param target {@code driver}, {@value #RAW_POINTS_BASELINE} or the HTTP target's
	 * name
	 * @param latency milliseconds
	 * @param warmupSeconds how long the query ran unmeasured first ({@link JitWarmup})
	 * @param jitQuiet whether the service's JIT was quiet when the warm-up ended; null if
	 * not judged
	 */
	record Result(String query, String target, LoadLoop.Latency latency, double warmupSeconds, Boolean jitQuiet) {
	}

}
