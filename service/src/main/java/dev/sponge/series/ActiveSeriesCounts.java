package dev.sponge.series;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.sponge.series.SeriesCatalog.Crowded;

/**
 * How many active series each tenant has on this instance: series it registered and still
 * remembers, each until its registration expires. Held as counts per tenant in
 * {@value #SLICES} time slices of the window, by the slice in which each series stops
 * being active, so the memory is a few slices per tenant whatever the number of series; a
 * series leaves the count at the start of its slice (at most a slice early, never late).
 * A tenant with nothing active for a window is forgotten.
 */
final class ActiveSeriesCounts {

	/** Slices per window: the count's resolution in time. */
	static final int SLICES = 64;

	private final Clock clock;

	private final long sliceMillis;

	private final Duration window;

	private final Cache<String, TenantCounts> tenants;

	ActiveSeriesCounts(Duration window, Clock clock) {
		this.clock = clock;
		this.window = window;
		this.sliceMillis = Math.max(1, window.toMillis() / SLICES);
		// Every series counted expires within a window of being added, and adding reads
		// the tenant's entry: one not read for a window holds nothing.
		this.tenants = Caffeine.newBuilder()
			.expireAfterAccess(window)
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.build();
	}

	/**
	 * Counts series that stop being active at {@code expiries} (epoch milliseconds), if
	 * the tenant then has at most {@code max}; otherwise counts nothing and says how
	 * crowded the tenant is.
	 */
	Optional<Crowded> add(String tenant, Collection<Long> expiries, long max) {
		long now = this.clock.millis();
		TenantCounts counts = this.tenants.get(tenant, (id) -> new TenantCounts());
		synchronized (counts) {
			long active = counts.active(now, this.sliceMillis);
			int adding = expiries.size();
			if (active + adding > max) {
				return Optional.of(new Crowded(active, adding,
						counts.untilFits(active + adding - max, now, this.sliceMillis, this.window)));
			}
			for (long expiresAt : expiries) {
				counts.bySlice.merge(expiresAt / this.sliceMillis, 1L, Long::sum);
			}
			return Optional.empty();
		}
	}

	/**
	 * Takes back a series counted with {@code expiresAt} that stopped being active early:
	 * its registration was forgotten, or counted twice by concurrent requests.
	 */
	void remove(String tenant, long expiresAt) {
		TenantCounts counts = this.tenants.getIfPresent(tenant);
		if (counts != null) {
			synchronized (counts) {
				counts.bySlice.computeIfPresent(expiresAt / this.sliceMillis,
						(slice, count) -> (count > 1) ? count - 1 : null);
			}
		}
	}

	/** The tenant's active series now. */
	long active(String tenant) {
		TenantCounts counts = this.tenants.getIfPresent(tenant);
		if (counts == null) {
			return 0;
		}
		synchronized (counts) {
			return counts.active(this.clock.millis(), this.sliceMillis);
		}
	}

	/** Counts by slice index (expiry / slice length); guarded by the instance's lock. */
	private static final class TenantCounts {

		private final TreeMap<Long, Long> bySlice = new TreeMap<>();

		long active(long now, long sliceMillis) {
			// A slice is over once its start has passed.
			this.bySlice.headMap(Math.floorDiv(now, sliceMillis), true).clear();
			long active = 0;
			for (long count : this.bySlice.values()) {
				active += count;
			}
			return active;
		}

		Duration untilFits(long excess, long now, long sliceMillis, Duration window) {
			long leaving = 0;
			Iterator<Map.Entry<Long, Long>> slices = this.bySlice.entrySet().iterator();
			while (slices.hasNext()) {
				Map.Entry<Long, Long> slice = slices.next();
				leaving += slice.getValue();
				if (leaving >= excess) {
					long millis = slice.getKey() * sliceMillis - now;
					return Duration.ofSeconds(Math.max(1, Math.min(window.toSeconds(), (millis + 999) / 1000)));
				}
			}
			// More new series than the limit: waiting will not help, the window says how
			// long a client should leave it.
			return Duration.ofSeconds(Math.max(1, window.toSeconds()));
		}

	}

}
