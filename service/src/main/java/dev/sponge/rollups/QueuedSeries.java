package dev.sponge.rollups;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The queue rows ({@code rollup_queue}) this instance has written lately. A live series
 * is written by many requests within one queue slot, and its row for that slot holds
 * nothing a later request could change, so writing it again is Cassandra work for
 * nothing. A row is remembered only once its write succeeded, for one slot's length;
 * forgetting early only costs one more idempotent write.
 */
final class QueuedSeries {

	/** Rows remembered at most: about 100 bytes each. */
	static final int MAX_REMEMBERED = 100_000;

	private final Cache<Key, Boolean> written;

	QueuedSeries(Duration slot, Clock clock) {
		this.written = Caffeine.newBuilder()
			.maximumSize(MAX_REMEMBERED)
			.expireAfterWrite(slot)
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.build();
	}

	/** The key of a series' row in a slot. */
	static Key key(long slot, String tenant, String metric, String seriesId) {
		return new Key(slot, tenant, metric, seriesId);
	}

	/** Whether the row was written lately. */
	boolean written(Key key) {
		return this.written.getIfPresent(key) != null;
	}

	/** Remembers a row whose write succeeded. */
	void remember(Key key) {
		this.written.put(key, Boolean.TRUE);
	}

	/** A series' queue row in a slot. */
	record Key(long slot, String tenant, String metric, String seriesId) {
	}

}
