package dev.sponge.rollups;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * The marks ({@code rollup_marks}) this instance wrote lately, so a request whose minutes
 * are still covered by one does not write it again. A series written many times a minute
 * (a Prometheus scrape target, a device sending every second) would otherwise rewrite the
 * same mark with every request.
 * <p>
 * Why that is safe: a worker takes a mark written at {@code W} only once it is due,
 * {@code base + settle} with {@code base = max(W, end of minute)}, and reads the minute's
 * points after that; a worker whose clock is up to {@code settle / 4} ahead, from
 * {@code base + 3/4 settle} on. So points that have landed by then are in the recompute,
 * and the mark is still there for queries until they are. A request that starts by
 * {@code base + settle / 4} and writes within {@code settle / 2} lands them in time
 * ({@link #coversRequestStartingAt}); one that writes longer checks again once its points
 * have landed ({@link #pendingAt}) and marks again if the mark may be gone. A mark is
 * remembered only once its write succeeded, under the tenant's deletion mark and the TTL
 * it carries, so a series delete or a retention change seen here marks again.
 */
final class MarkedMinutes {

	/** Marks remembered at most: about 150 bytes each. */
	static final int MAX_REMEMBERED = 100_000;

	private static final long MINUTE = Resolution.MINUTE.millis();

	private final long settleMillis;

	private final Clock clock;

	/** Key to the mark's base, {@code max(W, end of minute)} in milliseconds. */
	private final Cache<Key, Long> bases;

	MarkedMinutes(Duration settle, Clock clock) {
		this.settleMillis = settle.toMillis();
		this.clock = clock;
		this.bases = Caffeine.newBuilder()
			.maximumSize(MAX_REMEMBERED)
			.expireAfter(Expiry.<Key, Long>writing(
					(key, base) -> Duration.ofMillis(Math.max(0, lastPendingMillis(base) + 1 - clock.millis()))))
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.build();
	}

	/**
	 * The key of one series' minute, under the tenant's deletion mark and the TTL the
	 * mark carries.
	 */
	static Key key(String tenant, String seriesId, long minute, int ttlSeconds, long deletionMark) {
		return new Key(tenant, seriesId, minute, ttlSeconds, deletionMark);
	}

	/**
	 * Whether a request starting at {@code startMillis} may leave the minute's mark as it
	 * is: its points, written within half of {@code settle}, land while the mark
	 * remembered for it is surely still there.
	 */
	boolean coversRequestStartingAt(Key key, long startMillis) {
		Long base = this.bases.getIfPresent(key);
		return base != null && startMillis <= base + this.settleMillis / 4;
	}

	/**
	 * Whether the mark remembered for the minute is surely still there at
	 * {@code nowMillis}: no worker, even one whose clock is a quarter of {@code settle}
	 * ahead, can have taken it.
	 */
	boolean pendingAt(Key key, long nowMillis) {
		Long base = this.bases.getIfPresent(key);
		return base != null && nowMillis <= lastPendingMillis(base);
	}

	/**
	 * Remembers a mark of {@code minute} whose write at {@code writeMicros} succeeded.
	 */
	void remember(Key key, long minute, long writeMicros) {
		long base = Math.max(writeMicros / 1000L, minute + MINUTE);
		if (lastPendingMillis(base) >= this.clock.millis()) {
			this.bases.asMap().merge(key, base, Math::max);
		}
	}

	private long lastPendingMillis(long base) {
		return base + this.settleMillis * 3 / 4;
	}

	/**
	 * One series' minute under a deletion mark and TTL: a record rather than a joined
	 * string, as it is built and looked up for every series of every request.
	 */
	record Key(String tenant, String seriesId, long minute, int ttlSeconds, long deletionMark) {
	}

}
