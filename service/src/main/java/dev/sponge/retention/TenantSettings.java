package dev.sponge.retention;

import java.time.Duration;
import java.util.Map;

/**
 * What one tenant has configured, as this instance last read it.
 *
 * @param retention how long new writes are kept, or {@code null} to keep them forever
 * @param deletionMark write time (microseconds) of the tenant's latest series delete, 0
 * if none; anything an instance cached as "already written" under an older mark is
 * written again
 * @param limitOverrides the tenant's own values of per-tenant limits, by limit name; a
 * limit absent here follows the instance default
 */
public record TenantSettings(Duration retention, long deletionMark, Map<String, Long> limitOverrides) {

	/** A tenant that never set anything. */
	public static final TenantSettings DEFAULTS = new TenantSettings(null, 0L, Map.of());

	public TenantSettings {
		limitOverrides = Map.copyOf(limitOverrides);
	}

	/** Cassandra's largest TTL: 20 years, in seconds. */
	public static final long MAX_TTL_SECONDS = 630_720_000L;

	private static final long DAY_SECONDS = 86_400L;

	/** TTL of new points, rollups and latest values; 0 is Cassandra's "no TTL". */
	public int ttlSeconds() {
		return (this.retention != null) ? (int) this.retention.toSeconds() : 0;
	}

	/**
	 * TTL of an index row that names the points of one day: a day longer than the points,
	 * so the index never forgets a partition that still holds points.
	 */
	public int dayIndexTtlSeconds() {
		return (this.retention != null) ? (int) Math.min(MAX_TTL_SECONDS, this.retention.toSeconds() + DAY_SECONDS) : 0;
	}

	/**
	 * TTL of a catalogue row (a series, a metric name) that an instance writes again at
	 * the latest {@code refresh} after its last write while the series receives points:
	 * the retention plus twice the refresh, so the row outlives the last point it names
	 * (written at most a refresh after the row) with a refresh to spare.
	 * @param refresh the longest an instance goes without writing the row again
	 */
	public int catalogueTtlSeconds(Duration refresh) {
		return (this.retention != null)
				? (int) Math.min(MAX_TTL_SECONDS, this.retention.toSeconds() + 2 * refresh.toSeconds()) : 0;
	}

}
