package dev.sponge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import reactor.core.publisher.Flux;

/**
 * The data the queries read, written through the service: one full day of one-second
 * points of one series, 10 points of each other series.
 */
final class QueryData {

	static final int MINUTES_PER_DAY = 1_440;

	static final int POINTS_PER_DAY = 86_400;

	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	private QueryData() {
	}

	static void load(Workload data, HttpIngest client) {
		Benchmark.log("Loading the query data (one day of one-second points)");
		List<Workload.Slice> slices = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			slices.add(data.slice(0, POINTS_PER_DAY / 9));
		}
		for (int series = 1; series < data.seriesCount(); series++) {
			slices.add(data.slice(series, 10));
		}
		long points = slices.stream().mapToLong(Workload.Slice::count).sum();
		client.ndjsonStream(Flux.fromIterable(slices).map((slice) -> Bodies.ndjsonLine(data, slice)), points)
			.block(Duration.ofMinutes(5));
		slices.forEach(data.ledger()::acknowledged);
		client.close();
	}

	/**
	 * Polls until the day's {@code rollup_1m} partition holds a row for every minute and
	 * every point, so the aggregation is measured on current rollups on both sides.
	 * @return the wait, complete or not
	 */
	static Readiness awaitRollups(Workload data, DriverReads driver, Duration timeout) {
		long start = System.nanoTime();
		long deadline = start + timeout.toNanos();
		while (true) {
			long[] coverage = driver
				.rollupCoverage(data.tenant(), data.seriesId(0), data.base(), data.base() + Driver.DAY_MILLIS)
				.block(Duration.ofMinutes(1));
			double waited = (System.nanoTime() - start) / 1e9;
			if (coverage != null && coverage[0] == MINUTES_PER_DAY && coverage[1] == POINTS_PER_DAY) {
				return new Readiness(true, waited);
			}
			if (System.nanoTime() - deadline > 0) {
				Benchmark.log("The query day's rollup_1m rows are incomplete after " + timeout.toSeconds() + " s: "
						+ ((coverage != null) ? coverage[0] + " rows, " + coverage[1] + " points" : "none"));
				return new Readiness(false, waited);
			}
			LockSupport.parkNanos(POLL_NANOS);
		}
	}

	/**
	 * Whether the query day's rollups were complete before the queries.
	 *
	 * @param complete 1,440 {@code rollup_1m} rows holding 86,400 points
	 * @param waitedSeconds how long after the load they were (or the wait gave up)
	 */
	record Readiness(boolean complete, double waitedSeconds) {
	}

}
