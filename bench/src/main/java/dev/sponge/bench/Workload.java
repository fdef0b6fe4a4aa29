package dev.sponge.bench;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * The points one ingest path writes, for one tenant: series of one metric (tag
 * {@code host=...}), each filled with consecutive points {@code stepMillis} apart from
 * {@link #base()}. Every request gets fresh timestamps, so no point is ever written twice
 * and the points in Cassandra can be counted against the acknowledged ones. A workload
 * either writes to a fixed set of series ({@code h000...}) or brings new series with
 * every request ({@code n0, n1, ...}); a live one's points follow the clock instead of
 * being consecutive ({@link #live}). Thread-safe.
 */
final class Workload {

	static final String METRIC = "bench.load";

	/** One point per second per series: the usual sampling of a device or service. */
	static final long SPARSE_STEP_MILLIS = 1_000;

	/** 1,000 points per second per series: high-frequency sensors. */
	static final long DENSE_STEP_MILLIS = 1;

	/**
	 * The grid of a live workload's timestamps: fine enough that a series written a few
	 * times a second stays on the clock, coarse enough that the ledger's bits stay small.
	 */
	static final long LIVE_STEP_MILLIS = 100;

	private final String tenant;

	private final String metric;

	private final long base;

	private final long stepMillis;

	private final IntFunction<String> hostName;

	/** The clock a live workload's timestamps follow; null for consecutive ones. */
	private final LongSupplier clock;

	/** Guarded by itself: grows as a new-series workload registers series. */
	private final List<Series> series = new ArrayList<>();

	private final Ledger ledger = new Ledger();

	private Workload(String tenant, String metric, long base, long stepMillis, IntFunction<String> hostName,
			int seriesCount, LongSupplier clock) {
		this.clock = clock;
		this.tenant = tenant;
		this.metric = metric;
		this.base = base;
		this.stepMillis = stepMillis;
		this.hostName = hostName;
		addSeries(seriesCount);
	}

	/** {@code seriesCount} series ({@code h000...}) that every request picks from. */
	static Workload fixed(String tenant, String metric, int seriesCount, long base, long stepMillis) {
		return new Workload(tenant, metric, base, stepMillis, (i) -> String.format("h%03d", i), seriesCount, null);
	}

	/**
	 * {@code seriesCount} series ({@code h000...}) whose points carry the time they are
	 * sent, as a Prometheus server's samples do (seconds old, not a backfill): a slice
	 * starts at the clock's step, or after the series' last point if that is later.
	 */
	static Workload live(String tenant, String metric, int seriesCount, LongSupplier clock) {
		long base = Math.floorDiv(clock.getAsLong(), LIVE_STEP_MILLIS) * LIVE_STEP_MILLIS;
		return new Workload(tenant, metric, base, LIVE_STEP_MILLIS, (i) -> String.format("h%03d", i), seriesCount,
				clock);
	}

	/** No series at first: {@link #nextNewSeriesBatch} registers new ones. */
	static Workload newSeries(String tenant, String metric, long base) {
		return new Workload(tenant, metric, base, SPARSE_STEP_MILLIS, (i) -> "n" + i, 0, null);
	}

	String tenant() {
		return this.tenant;
	}

	String metric() {
		return this.metric;
	}

	long base() {
		return this.base;
	}

	long stepMillis() {
		return this.stepMillis;
	}

	/** Whether the points follow the clock ({@link #live}). */
	boolean live() {
		return this.clock != null;
	}

	int seriesCount() {
		synchronized (this.series) {
			return this.series.size();
		}
	}

	String host(int series) {
		return series(series).host();
	}

	String seriesId(int series) {
		return series(series).id();
	}

	Ledger ledger() {
		return this.ledger;
	}

	/** Highest offset handed out so far for {@code series}, exclusive. */
	long allocated(int series) {
		return series(series).next();
	}

	/**
	 * The next request of a fixed workload: {@code minSeries..maxSeries} distinct series
	 * and {@code minPoints..maxPoints} points spread evenly over them.
	 */
	Batch nextBatch(int minPoints, int maxPoints, int minSeries, int maxSeries) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int seriesInBatch = random.nextInt(minSeries, maxSeries + 1);
		int points = random.nextInt(minPoints, maxPoints + 1);
		int count = seriesCount();
		int first = random.nextInt(count);
		List<Slice> slices = new ArrayList<>(seriesInBatch);
		for (int i = 0; i < seriesInBatch; i++) {
			slices.add(slice((first + i) % count, points / seriesInBatch + ((i < points % seriesInBatch) ? 1 : 0)));
		}
		return new Batch(this, slices, points);
	}

	/**
	 * The next request shaped like Prometheus' remote-write:
	 * {@code minSamples..maxSamples} distinct series picked at random from the fixed set
	 * (Prometheus shards its series by hash), one point each.
	 */
	Batch nextSampleBatch(int minSamples, int maxSamples) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int count = seriesCount();
		int samples = Math.min(random.nextInt(minSamples, maxSamples + 1), count);
		// Floyd's sampling: distinct series in as many draws as series.
		BitSet picked = new BitSet(count);
		for (int j = count - samples; j < count; j++) {
			int candidate = random.nextInt(j + 1);
			picked.set(picked.get(candidate) ? j : candidate);
		}
		List<Slice> slices = new ArrayList<>(samples);
		for (int series = picked.nextSetBit(0); series >= 0; series = picked.nextSetBit(series + 1)) {
			slices.add(slice(series, 1));
		}
		return new Batch(this, slices, samples);
	}

	/**
	 * The next request of a new-series workload: about {@code minPoints..maxPoints}
	 * points, {@code pointsPerSeries} for each of series never written before, so the
	 * request measures series registration more than point writes.
	 */
	Batch nextNewSeriesBatch(int minPoints, int maxPoints, int pointsPerSeries) {
		int points = ThreadLocalRandom.current().nextInt(minPoints, maxPoints + 1);
		int seriesInBatch = Math.max(1, points / pointsPerSeries);
		int first = addSeries(seriesInBatch);
		List<Slice> slices = new ArrayList<>(seriesInBatch);
		for (int i = 0; i < seriesInBatch; i++) {
			slices.add(slice(first + i, pointsPerSeries));
		}
		return new Batch(this, slices, seriesInBatch * pointsPerSeries);
	}

	/**
	 * One series' part of a batch: {@code count} points from the next free offset on (for
	 * a live workload, not before the clock's).
	 */
	Slice slice(int series, int count) {
		long now = (this.clock != null) ? offset(this.clock.getAsLong()) : 0;
		return new Slice(series, series(series).allocate(count, now), count);
	}

	long timestamp(long offset) {
		return this.base + offset * this.stepMillis;
	}

	/** The offset of a stored timestamp (the inverse of {@link #timestamp(long)}). */
	long offset(long timestamp) {
		return (timestamp - this.base) / this.stepMillis;
	}

	static double value(int series, long offset) {
		return series + (offset % 400) / 8.0;
	}

	/** Registers {@code count} series; returns the index of the first. */
	private int addSeries(int count) {
		synchronized (this.series) {
			int first = this.series.size();
			for (int i = first; i < first + count; i++) {
				String host = this.hostName.apply(i);
				this.series.add(new Series(host, SeriesIds.of(this.metric, "host", host)));
			}
			return first;
		}
	}

	private Series series(int index) {
		synchronized (this.series) {
			return this.series.get(index);
		}
	}

	/** Consecutive points of one series. */
	record Slice(int series, long firstOffset, int count) {
	}

	/** One request's worth of points. */
	record Batch(Workload workload, List<Slice> slices, int points) {

		void acknowledged() {
			this.slices.forEach(this.workload.ledger::acknowledged);
		}

		void failed() {
			this.slices.forEach(this.workload.ledger::failed);
		}

	}

	/** One series: its tag value, its id and the next free point offset. */
	private static final class Series {

		private final String host;

		private final String id;

		private long next;

		Series(String host, String id) {
			this.host = host;
			this.id = id;
		}

		String host() {
			return this.host;
		}

		String id() {
			return this.id;
		}

		synchronized long next() {
			return this.next;
		}

		/**
		 * {@code count} offsets from {@code earliest} on, or after the last handed out.
		 */
		synchronized long allocate(int count, long earliest) {
			long first = Math.max(this.next, earliest);
			this.next = first + count;
			return first;
		}

	}

}
