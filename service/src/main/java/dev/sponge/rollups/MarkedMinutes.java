package dev.sponge.rollups;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * The marks ({@code rollup_marks}) this instance wrote lately, so a request whose minutes
 * are still covered by one skips writing it again. A series written many times a minute
 * (a Prometheus scrape target, a device sending every second) would otherwise rewrite the
 * same mark with every request.
 * <p>
 * Why skipping is safe: a worker takes a mark written at {@code W} only once it is due,
 * {@code max(W, end of minute) + settle}, and reads the minute's points after that. A
 * request that skips the mark starts before {@code max(W, end of minute) + settle / 4},
 * and its points land within {@code settle / 2} of its start (a longer write marks again
 * before it answers, without asking here), so they land at least {@code settle / 4}
 * before any worker whose clock is less than that ahead can take the mark. A mark is
 * remembered only once its write succeeded, under the tenant's deletion mark and the TTL
 * it carries, so a series delete or a retention change seen here marks again.
 */
final class MarkedMinutes {

	/** Marks remembered at most: about 150 bytes each. */
	static final int MAX_REMEMBERED = 100_000;

	private static final long MINUTE = Resolution.MINUTE.millis();

	private final long marginMillis;

	private final Clock clock;

	/** Key to the last millisecond at which a request may rely on the mark. */
	private final Cache<String, Long> covered;

	MarkedMinutes(Duration settle, Clock clock) {
		this.marginMillis = settle.toMillis() / 4;
		this.clock = clock;
		this.covered = Caffeine.newBuilder()
			.maximumSize(MAX_REMEMBERED)
			.expireAfter(Expiry
				.<String, Long>writing((key, until) -> Duration.ofMillis(Math.max(0, until + 1 - clock.millis()))))
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.build();
	}

	/**
	 * The key of one series' minute, under the tenant's deletion mark and the TTL the
	 * mark carries.
	 */
	static String key(String tenant, String seriesId, long minute, int ttlSeconds, long deletionMark) {
		return tenant + '\u0000' + seriesId + '\u0000' + minute + '\u0000' + ttlSeconds + '\u0000' + deletionMark;
	}

	/**
	 * Whether a request starting at {@code nowMillis} may rely on the remembered mark.
	 */
	boolean covers(String key, long nowMillis) {
		Long until = this.covered.getIfPresent(key);
		return until != null && nowMillis <= until;
	}

	/**
	 * Remembers a mark of {@code minute} whose write at {@code writeMicros} succeeded.
	 */
	void remember(String key, long minute, long writeMicros) {
		long until = Math.max(writeMicros / 1000L, minute + MINUTE) + this.marginMillis;
		if (until >= this.clock.millis()) {
			this.covered.put(key, until);
		}
	}

}
