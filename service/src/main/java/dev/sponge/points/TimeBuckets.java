package dev.sponge.points;

/**
 * Points are partitioned by UTC day, so a partition holds at most one day of one series.
 */
public final class TimeBuckets {

	public static final long DAY_MILLIS = 86_400_000L;

	private TimeBuckets() {
	}

	public static int dayOf(long epochMillis) {
		return (int) Math.floorDiv(epochMillis, DAY_MILLIS);
	}

}
