package dev.sponge.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The points one ingest path writes, for one tenant: {@code seriesCount} series of one
 * metric (tag {@code host=hNNN}), each filled with consecutive one-second points from
 * {@link #base()}. Every request gets fresh timestamps, so no point is ever written twice
 * and the points in Cassandra can be counted against the acknowledged ones. Thread-safe.
 */
final class Workload {

	static final String METRIC = "bench.load";

	private final String tenant;

	private final String metric;

	private final long base;

	private final String[] hosts;

	private final String[] ids;

	private final AtomicLongArray next;

	private final Ledger ledger;

	Workload(String tenant, String metric, int seriesCount, long base) {
		this.tenant = tenant;
		this.metric = metric;
		this.base = base;
		this.hosts = new String[seriesCount];
		this.ids = new String[seriesCount];
		for (int i = 0; i < seriesCount; i++) {
			this.hosts[i] = String.format("h%03d", i);
			this.ids[i] = seriesId(metric, "host", this.hosts[i]);
		}
		this.next = new AtomicLongArray(seriesCount);
		this.ledger = new Ledger(seriesCount);
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

	int seriesCount() {
		return this.ids.length;
	}

	String host(int series) {
		return this.hosts[series];
	}

	String seriesId(int series) {
		return this.ids[series];
	}

	Ledger ledger() {
		return this.ledger;
	}

	/** Highest offset handed out so far for {@code series}, exclusive. */
	long allocated(int series) {
		return this.next.get(series);
	}

	/**
	 * The next request: {@code minSeries..maxSeries} distinct series and
	 * {@code minPoints..maxPoints} points spread evenly over them.
	 */
	Batch nextBatch(int minPoints, int maxPoints, int minSeries, int maxSeries) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int seriesInBatch = random.nextInt(minSeries, maxSeries + 1);
		int points = random.nextInt(minPoints, maxPoints + 1);
		int first = random.nextInt(this.ids.length);
		List<Slice> slices = new ArrayList<>(seriesInBatch);
		for (int i = 0; i < seriesInBatch; i++) {
			int series = (first + i) % this.ids.length;
			int count = points / seriesInBatch + ((i < points % seriesInBatch) ? 1 : 0);
			slices.add(new Slice(series, this.next.getAndAdd(series, count), count));
		}
		return new Batch(this, slices, points);
	}

	/** One series' part of a batch: {@code count} points from {@code firstOffset} on. */
	Slice slice(int series, int count) {
		return new Slice(series, this.next.getAndAdd(series, count), count);
	}

	long timestamp(long offset) {
		return this.base + offset * 1000L;
	}

	static double value(int series, long offset) {
		return series + (offset % 400) / 8.0;
	}

	/**
	 * The service's series id: first 128 bits of SHA-256 over the length-prefixed metric
	 * and sorted tag keys and values, URL-safe Base64. Re-derived here (not shared) so
	 * the count check notices if the two ever disagree.
	 */
	static String seriesId(String metric, String tagKey, String tagValue) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (String part : new String[] { metric, tagKey, tagValue }) {
				byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
				sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
				sha.update(bytes);
			}
			byte[] id = java.util.Arrays.copyOf(sha.digest(), 16);
			return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
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

}
