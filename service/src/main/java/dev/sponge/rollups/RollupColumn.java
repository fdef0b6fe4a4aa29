package dev.sponge.rollups;

import java.util.Set;

/**
 * The values of a rollup row a reader may ask for besides its time and point count, which
 * are always read (a count tells that the row holds points). A query reads only the
 * columns its aggregations need: an average reads three of the nine.
 */
public enum RollupColumn {

	/** {@code sum}. */
	SUM("sum"),

	/** {@code min}. */
	MIN("min"),

	/** {@code max}. */
	MAX("max"),

	/** {@code first} and its time {@code first_ts}. */
	FIRST("first, first_ts"),

	/** {@code last} and its time {@code last_ts}. */
	LAST("last, last_ts");

	/** Every column: what a recompute reads. */
	public static final Set<RollupColumn> ALL = Set.of(values());

	private final String cql;

	RollupColumn(String cql) {
		this.cql = cql;
	}

	/** The selected columns, in row order after {@code ts, count}. */
	static String select(int mask) {
		StringBuilder select = new StringBuilder("ts, count");
		for (RollupColumn column : values()) {
			if ((mask & column.bit()) != 0) {
				select.append(", ").append(column.cql);
			}
		}
		return select.toString();
	}

	/** The columns as a bit set, one bit per constant in declaration order. */
	static int mask(Set<RollupColumn> columns) {
		int mask = 0;
		for (RollupColumn column : columns) {
			mask |= column.bit();
		}
		return mask;
	}

	int bit() {
		return 1 << ordinal();
	}

}
