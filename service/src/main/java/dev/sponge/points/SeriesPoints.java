package dev.sponge.points;

import java.util.Arrays;

import dev.sponge.series.SeriesKey;

/**
 * The points of one series in one request, held in primitive arrays (no object per
 * point), sorted by time with at most one value per timestamp.
 *
 * @param key the series
 * @param id the series id derived from the key
 * @param timestamps epoch milliseconds, strictly ascending
 * @param values values, finite, aligned with {@code timestamps}
 * @param received points as sent, before repeated timestamps were merged
 */
public record SeriesPoints(SeriesKey key, String id, long[] timestamps, double[] values, int received) {

	/**
	 * Sorts by timestamp and keeps the last value sent for a repeated timestamp, so a
	 * request behaves like its points applied in order.
	 */
	public static SeriesPoints of(SeriesKey key, long[] timestamps, double[] values, int count) {
		Integer[] order = new Integer[count];
		for (int i = 0; i < count; i++) {
			order[i] = i;
		}
		// Stable sort: equal timestamps keep arrival order, so the last one sent wins
		// below.
		Arrays.sort(order, (a, b) -> Long.compare(timestamps[a], timestamps[b]));
		long[] ts = new long[count];
		double[] vs = new double[count];
		int size = 0;
		for (int i = 0; i < count; i++) {
			int source = order[i];
			if (size > 0 && ts[size - 1] == timestamps[source]) {
				vs[size - 1] = values[source];
			}
			else {
				ts[size] = timestamps[source];
				vs[size] = values[source];
				size++;
			}
		}
		return new SeriesPoints(key, key.id(), Arrays.copyOf(ts, size), Arrays.copyOf(vs, size), count);
	}

	/** Both requests' points, as if {@code later} was applied after {@code earlier}. */
	public static SeriesPoints merge(SeriesPoints earlier, SeriesPoints later) {
		int count = earlier.size() + later.size();
		long[] ts = Arrays.copyOf(earlier.timestamps, count);
		double[] values = Arrays.copyOf(earlier.values, count);
		System.arraycopy(later.timestamps, 0, ts, earlier.size(), later.size());
		System.arraycopy(later.values, 0, values, earlier.size(), later.size());
		SeriesPoints merged = of(earlier.key, ts, values, count);
		return new SeriesPoints(merged.key, merged.id, merged.timestamps, merged.values,
				earlier.received + later.received);
	}

	/** The UTC days ({@link TimeBuckets#dayOf}) the points fall on, ascending. */
	public int[] days() {
		int[] days = new int[this.timestamps.length];
		int count = 0;
		for (long ts : this.timestamps) {
			int day = TimeBuckets.dayOf(ts);
			if (count == 0 || days[count - 1] != day) {
				days[count++] = day;
			}
		}
		return Arrays.copyOf(days, count);
	}

	public int size() {
		return this.timestamps.length;
	}

}
