package dev.sponge.promql;

import java.util.Arrays;

/**
 * Stored samples of one series, ascending by time, as read for a query (or computed by a
 * subquery).
 *
 * @param labels the series' labels
 * @param ts sample times, epoch milliseconds, ascending
 * @param values sample values
 */
public record RawSeries(Labels labels, long[] ts, double[] values) {

	/** Index of the first sample at or after {@code time}. */
	int firstAtOrAfter(long time) {
		int i = Arrays.binarySearch(this.ts, time);
		if (i < 0) {
			return -i - 1;
		}
		while (i > 0 && this.ts[i - 1] == time) {
			i--;
		}
		return i;
	}

	/** Index of the last sample at or before {@code time}, or -1. */
	int lastAtOrBefore(long time) {
		int i = Arrays.binarySearch(this.ts, time);
		if (i < 0) {
			return -i - 2;
		}
		while (i + 1 < this.ts.length && this.ts[i + 1] == time) {
			i++;
		}
		return i;
	}

}
