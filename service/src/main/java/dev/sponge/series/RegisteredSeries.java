package dev.sponge.series;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;

import dev.sponge.series.SeriesCatalog.Crowded;

/**
 * The series this instance remembers as registered in the catalogue (or admitted and
 * being registered), with the tenant's deletion mark and the row's TTL at the time; a
 * miss only costs one idempotent upsert. An entry expires between three quarters of
 * {@code sponge.series.catalogue-refresh} and the whole of it after it was admitted, so a
 * series that keeps receiving points has its row (and its TTL) written again before the
 * row expires, and the series an instance registered together (at its start, say) are
 * written again spread over a quarter of the refresh rather than all at once.
 * <p>
 * A tenant's entries are its active series on this instance, counted by
 * {@link ActiveSeriesCounts} until they expire. An entry the cache drops early to keep
 * within {@code sponge.series.registry-cache-size} leaves the count at once, so the count
 * never exceeds what the cache holds, and a forgotten series counts again when next
 * written.
 */
final class RegisteredSeries {

	private final Cache<SeriesRef, Registered> registered;

	private final ActiveSeriesCounts active;

	private final Clock clock;

	private final long refreshMillis;

	RegisteredSeries(SeriesProperties properties, Clock clock) {
		this.clock = clock;
		this.refreshMillis = properties.catalogueRefresh().toMillis();
		this.active = new ActiveSeriesCounts(properties.catalogueRefresh(), clock);
		this.registered = Caffeine.newBuilder()
			.maximumSize(properties.registryCacheSize())
			.expireAfter(new UntilExpiresAt(clock))
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.evictionListener((SeriesRef key, Registered value, RemovalCause cause) -> {
				if (cause != RemovalCause.EXPIRED && key != null && value != null) {
					this.active.remove(key.tenant(), value.expiresAt());
				}
			})
			.build();
	}

	/**
	 * The cache key of a tenant's series: a record, not a joined string, since every
	 * series of every request is looked up here (its id's hash is computed once per
	 * request and shared by the lookups).
	 */
	record SeriesRef(String tenant, String seriesId) {
	}

	/** Whether the series' row was written with this deletion mark and TTL. */
	boolean writtenUnder(SeriesRef key, long deletionMark, int ttlSeconds) {
		Registered known = this.registered.getIfPresent(key);
		return known != null && known.ttlSeconds() >= 0 && known.deletionMark() == deletionMark
				&& known.ttlSeconds() == ttlSeconds;
	}

	/**
	 * Admits the tenant's series (cache keys) not remembered here as active, unless the
	 * tenant would then have more than {@code maxActive}: then admits none.
	 */
	Optional<Crowded> admit(String tenant, List<SeriesRef> keys, long maxActive) {
		Map<SeriesRef, Long> fresh = null;
		for (SeriesRef key : keys) {
			if (this.registered.getIfPresent(key) == null) {
				if (fresh == null) {
					fresh = new LinkedHashMap<>();
				}
				fresh.computeIfAbsent(key, (k) -> expiresAt());
			}
		}
		if (fresh == null) {
			return Optional.empty();
		}
		Optional<Crowded> crowded = this.active.add(tenant, fresh.values(), maxActive);
		if (crowded.isEmpty()) {
			fresh.forEach((key, expiresAt) -> {
				// Another request admitted it meanwhile: it is counted once, by that one.
				if (this.registered.asMap().putIfAbsent(key, Registered.admitted(expiresAt)) != null) {
					this.active.remove(tenant, expiresAt);
				}
			});
		}
		return crowded;
	}

	/**
	 * Remembers a series as written, keeping the expiry it was admitted (and counted)
	 * with; one forgotten meanwhile is counted again, as it was admitted.
	 */
	void written(String tenant, SeriesRef key, long deletionMark, int ttlSeconds) {
		this.registered.asMap().compute(key, (k, admitted) -> {
			if (admitted != null) {
				return new Registered(deletionMark, ttlSeconds, admitted.expiresAt());
			}
			long expiresAt = expiresAt();
			this.active.add(tenant, List.of(expiresAt), Long.MAX_VALUE);
			return new Registered(deletionMark, ttlSeconds, expiresAt);
		});
	}

	/** The tenant's active series on this instance. */
	long active(String tenant) {
		return this.active.active(tenant);
	}

	/** When an entry made now expires: three quarters of the refresh to all of it. */
	private long expiresAt() {
		return this.clock.millis() + this.refreshMillis
				- ThreadLocalRandom.current().nextLong(this.refreshMillis / 4 + 1);
	}

	/**
	 * What a catalogue row was written under (a delete since, or a retention change, has
	 * the row written again), and when this instance forgets it (epoch milliseconds).
	 */
	private record Registered(long deletionMark, int ttlSeconds, long expiresAt) {

		/** Admitted, and not written yet. */
		static Registered admitted(long expiresAt) {
			return new Registered(Long.MIN_VALUE, -1, expiresAt);
		}

	}

	/** An entry lives until its {@link Registered#expiresAt()}. */
	private static final class UntilExpiresAt implements Expiry<SeriesRef, Registered> {

		private final Clock clock;

		UntilExpiresAt(Clock clock) {
			this.clock = clock;
		}

		@Override
		public long expireAfterCreate(SeriesRef key, Registered value, long currentTime) {
			return TimeUnit.MILLISECONDS.toNanos(Math.max(0, value.expiresAt() - this.clock.millis()));
		}

		@Override
		public long expireAfterUpdate(SeriesRef key, Registered value, long currentTime, long currentDuration) {
			return expireAfterCreate(key, value, currentTime);
		}

		@Override
		public long expireAfterRead(SeriesRef key, Registered value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
