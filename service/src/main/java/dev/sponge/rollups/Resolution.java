package dev.sponge.rollups;

import dev.sponge.points.TimeBuckets;

/** The rollup tables, finest first, and how each is partitioned. */
public enum Resolution {

	/** {@code rollup_1m}: one row per series and minute, partitioned by UTC day. */
	MINUTE(60_000L, "rollup_1m", "day"),

	/** {@code rollup_1h}: one row per series and hour, partitioned by UTC month. */
	HOUR(3_600_000L, "rollup_1h", "month");

	private final long millis;

	private final String table;

	private final String partitionColumn;

	Resolution(long millis, String table, String partitionColumn) {
		this.millis = millis;
		this.table = table;
		this.partitionColumn = partitionColumn;
	}

	/** Width of one row's unit in milliseconds. */
	public long millis() {
		return this.millis;
	}

	/** The table name, also the name of this source in metrics. */
	public String table() {
		return this.table;
	}

	String partitionColumn() {
		return this.partitionColumn;
	}

	/** Start of the unit holding {@code ts}. */
	public long unitStart(long ts) {
		return Math.floorDiv(ts, this.millis) * this.millis;
	}

	/** The time bucket of the partition key holding {@code ts}. */
	public int partitionOf(long ts) {
		return (this == MINUTE) ? TimeBuckets.dayOf(ts) : TimeBuckets.monthOf(ts);
	}

}
