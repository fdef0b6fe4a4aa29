package dev.sponge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

/**
 * The data of the PromQL phase, as a Prometheus server scraping every 30 s would have it:
 * 100 series of {@value #RANGE_METRIC} ({@code host} label) over the last 24 hours and 10
 * minutes, and 1,000 series of {@value #GROUP_METRIC} ({@code group} label of 10 values,
 * {@code instance} label) over the last 70 minutes; the queries' ranges plus margin for
 * the 5-minute lookback. Every value is a counter growing by the series' number plus one
 * per sample, so {@code rate} has something to compute. The same remote-write 1.0
 * requests go to the service and to Prometheus, in time order (Prometheus refuses samples
 * older than its head block allows).
 */
final class PromQLData {

	static final String RANGE_METRIC = "bench_prom_range";

	static final String GROUP_METRIC = "bench_prom_groups";

	static final int RANGE_SERIES = 100;

	static final int GROUP_SERIES = 1_000;

	static final int GROUPS = 10;

	/** 30 s: a common Prometheus scrape interval; 15 s would double the load time. */
	static final long STEP_MILLIS = 30_000;

	static final long RANGE_MILLIS = Duration.ofHours(24).toMillis();

	static final long GROUP_RANGE_MILLIS = Duration.ofHours(1).toMillis();

	/** Data before each query's start, more than its 5-minute lookback. */
	static final long MARGIN_MILLIS = Duration.ofMinutes(10).toMillis();

	/** The samples of one remote-write request: 10 minutes of every series. */
	private static final long WINDOW_MILLIS = Duration.ofMinutes(10).toMillis();

	/**
	 * As Prometheus' remote-write client does, a 503 or 429 is retried with backoff: on a
	 * busy machine the service may find Cassandra overloaded for a moment.
	 */
	private static final Retry RETRY_UNAVAILABLE = Retry.backoff(10, Duration.ofMillis(500))
		.maxBackoff(Duration.ofSeconds(10))
		.filter((ex) -> ex.getMessage() != null
				&& (ex.getMessage().startsWith("HTTP 503") || ex.getMessage().startsWith("HTTP 429")));

	private final String tenant;

	private final long end;

	/**
	 * @param tenant the service tenant the data is written to
	 * @param now the data ends at the last 30-s boundary at or before it
	 */
	PromQLData(String tenant, long now) {
		this.tenant = tenant;
		this.end = Math.floorDiv(now, STEP_MILLIS) * STEP_MILLIS;
	}

	String tenant() {
		return this.tenant;
	}

	/** The last sample's time, where both queries end. */
	long end() {
		return this.end;
	}

	long rangeStart() {
		return this.end - RANGE_MILLIS;
	}

	long groupStart() {
		return this.end - GROUP_RANGE_MILLIS;
	}

	private long rangeFirst() {
		return rangeStart() - MARGIN_MILLIS;
	}

	private long groupFirst() {
		return groupStart() - MARGIN_MILLIS;
	}

	/** Service series ids of the 100 series of {@value #RANGE_METRIC}. */
	List<String> rangeSeriesIds() {
		List<String> ids = new ArrayList<>();
		for (int s = 0; s < RANGE_SERIES; s++) {
			ids.add(SeriesIds.of(RANGE_METRIC, new TreeMap<>(Map.of("host", host(s)))));
		}
		return ids;
	}

	/** Service series ids of the 1,000 series of {@value #GROUP_METRIC}. */
	List<String> groupSeriesIds() {
		List<String> ids = new ArrayList<>();
		for (int s = 0; s < GROUP_SERIES; s++) {
			ids.add(SeriesIds.of(GROUP_METRIC, new TreeMap<>(Map.of("group", group(s), "instance", instance(s)))));
		}
		return ids;
	}

	/** Samples of one series with times in {@code [from, to]}: both are on the grid. */
	static long samples(long from, long to) {
		return (to - from) / STEP_MILLIS + 1;
	}

	/** All samples written. */
	long points() {
		return RANGE_SERIES * samples(rangeFirst(), this.end) + GROUP_SERIES * samples(groupFirst(), this.end);
	}

	/**
	 * Writes the data to both receivers, window after window, each window's request
	 * acknowledged by both before the next (Prometheus' head must see time go forwards).
	 */
	void load(HttpIngest service, HttpIngest prometheus) {
		Benchmark.log("Loading the PromQL data (" + points() + " samples, 30 s apart) into the service and Prometheus");
		List<Long> windows = new ArrayList<>();
		for (long from = rangeFirst(); from <= this.end; from += WINDOW_MILLIS) {
			windows.add(from);
		}
		Flux.fromIterable(windows)
			.map(this::request)
			.concatMap((body) -> service.remoteWrite(body)
				.retryWhen(RETRY_UNAVAILABLE)
				.then(prometheus.remoteWrite(body).retryWhen(RETRY_UNAVAILABLE)))
			.blockLast(Duration.ofMinutes(15));
	}

	/** Every series' samples in {@code [from, from + window)}. */
	private byte[] request(long from) {
		long to = Math.min(from + WINDOW_MILLIS - STEP_MILLIS, this.end);
		List<RemoteWriteBodies.Samples> series = new ArrayList<>();
		for (int s = 0; s < RANGE_SERIES; s++) {
			series.add(samples(new String[] { RemoteWriteBodies.METRIC_LABEL, RANGE_METRIC, "host", host(s) }, s,
					rangeFirst(), from, to));
		}
		if (to >= groupFirst()) {
			for (int s = 0; s < GROUP_SERIES; s++) {
				series.add(samples(new String[] { RemoteWriteBodies.METRIC_LABEL, GROUP_METRIC, "group", group(s),
						"instance", instance(s) }, s, groupFirst(), Math.max(from, groupFirst()), to));
			}
		}
		return RemoteWriteBodies.writeRequest(series);
	}

	private static RemoteWriteBodies.Samples samples(String[] labels, int series, long first, long from, long to) {
		int count = (int) samples(from, to);
		long[] ts = new long[count];
		double[] values = new double[count];
		for (int i = 0; i < count; i++) {
			ts[i] = from + i * STEP_MILLIS;
			values[i] = value(series, (ts[i] - first) / STEP_MILLIS);
		}
		return new RemoteWriteBodies.Samples(labels, ts, values);
	}

	/** A counter: {@code series + 1} more at every sample. */
	static double value(int series, long sample) {
		return (series + 1.0) * sample;
	}

	static String host(int series) {
		return String.format("h%03d", series);
	}

	static String group(int series) {
		return "g" + (series % GROUPS);
	}

	static String instance(int series) {
		return String.format("i%04d", series);
	}

}
