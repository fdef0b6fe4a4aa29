package dev.sponge.points;

import java.time.LocalDate;

/**
 * Time buckets of the partition keys. Points and minute rollups are partitioned by UTC
 * day, so a partition holds at most one day of one series; hour rollups by UTC calendar
 * month, derived from the day, so whoever knows a series' days also knows its month
 * partitions.
 */
public final class TimeBuckets {

	public static final long DAY_MILLIS = 86_400_000L;

	private TimeBuckets() {
	}

	public static int dayOf(long epochMillis) {
		return (int) Math.floorDiv(epochMillis, DAY_MILLIS);
	}

	/**
	 * The {@code month} partition key of {@code rollup_1h} for a {@code day} of the
	 * points table: UTC calendar months since 1970-01 (January 1970 is 0), so a partition
	 * holds at most 744 hour rows.
	 */
	public static int monthOfDay(int day) {
		LocalDate date = LocalDate.ofEpochDay(day);
		return (date.getYear() - 1970) * 12 + date.getMonthValue() - 1;
	}

	/**
	 * The {@code month} partition key of {@code rollup_1h} holding {@code epochMillis}.
	 */
	public static int monthOf(long epochMillis) {
		return monthOfDay(dayOf(epochMillis));
	}

}
