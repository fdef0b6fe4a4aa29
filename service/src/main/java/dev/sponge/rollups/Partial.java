package dev.sponge.rollups;

/**
 * A summary of the points of one series (or several) in a time unit: a rollup row, or one
 * raw point ({@link #of(long, double)}). Summaries of the same bucket merge with
 * {@link #merge(Partial)}; first and last carry their times so merging never depends on
 * the order the parts arrive in.
 *
 * @param start start of the unit, epoch milliseconds (the point's time for a raw point)
 * @param count number of points, at least 1
 * @param sum sum of the values
 * @param min smallest value
 * @param max largest value
 * @param first value of the earliest point
 * @param firstTs time of the earliest point
 * @param last value of the latest point
 * @param lastTs time of the latest point
 */
public record Partial(long start, long count, double sum, double min, double max, double first, long firstTs,
		double last, long lastTs) {

	/** One raw point. */
	public static Partial of(long ts, double value) {
		return new Partial(ts, 1, value, value, value, value, ts, value, ts);
	}

	/**
	 * Both summaries as one, starting at this one's start. On equal first times this
	 * one's first wins, on equal last times the other's last: merged in ascending order,
	 * that is the order a time-ordered merge of the raw points would give.
	 */
	public Partial merge(Partial other) {
		boolean otherFirst = other.firstTs < this.firstTs;
		boolean otherLast = other.lastTs >= this.lastTs;
		return new Partial(this.start, this.count + other.count, this.sum + other.sum, Math.min(this.min, other.min),
				Math.max(this.max, other.max), otherFirst ? other.first : this.first,
				otherFirst ? other.firstTs : this.firstTs, otherLast ? other.last : this.last,
				otherLast ? other.lastTs : this.lastTs);
	}

	/** The same summary for the unit starting at {@code unitStart}. */
	public Partial at(long unitStart) {
		return new Partial(unitStart, this.count, this.sum, this.min, this.max, this.first, this.firstTs, this.last,
				this.lastTs);
	}

}
