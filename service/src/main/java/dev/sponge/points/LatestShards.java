package dev.sponge.points;

/**
 * How a metric's latest values are spread over partitions ({@code latest_by_shard}): a
 * series' shard is its id's Java string hash modulo {@value #COUNT}, which every version
 * and instance computes alike. A read of a metric's latest values reads every shard.
 */
public final class LatestShards {

	/** Partitions per metric; fixed by schema version 8 (changing it loses rows). */
	public static final int COUNT = 16;

	private LatestShards() {
	}

	/** The shard of a series. */
	public static int of(String seriesId) {
		return Math.floorMod(seriesId.hashCode(), COUNT);
	}

}
