package dev.sponge.query;

import java.util.List;
import java.util.NavigableMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The equality the rollup path guarantees against the raw path: bucket times, counts,
 * min, max, first and last exactly; sum within {@code 1e-9} of the bucket's sum of
 * absolute values, and avg within that divided by the count (a sum of the same values in
 * another order differs by at most about {@code n * 2^-53} times that).
 */
final class RollupEquality {

	static final double RELATIVE = 1e-9;

	private RollupEquality() {
	}

	/**
	 * Asserts {@code actual} rows equal {@code expected} rows of the given columns;
	 * {@code series} holds every point that went into them, by time per series, for the
	 * sum bound.
	 */
	static void assertRowsEqual(List<List<Number>> actual, List<List<Number>> expected, List<String> columns, long step,
			List<NavigableMap<Long, Double>> series, String description) {
		assertThat(actual).as(description + ": rows").hasSameSizeAs(expected);
		for (int r = 0; r < expected.size(); r++) {
			List<Number> want = expected.get(r);
			List<Number> got = actual.get(r);
			long bucket = want.get(0).longValue();
			double absSum = 0;
			int count = 0;
			for (NavigableMap<Long, Double> points : series) {
				for (double value : points.subMap(bucket, bucket + step).values()) {
					absSum += Math.abs(value);
					count++;
				}
			}
			for (int c = 0; c < columns.size(); c++) {
				String what = description + " row " + r + " column " + columns.get(c);
				Number w = want.get(c);
				Number g = got.get(c);
				switch (columns.get(c)) {
					case "sum" -> assertThat(g.doubleValue()).as(what)
						.isCloseTo(w.doubleValue(), org.assertj.core.api.Assertions.within(RELATIVE * absSum));
					case "avg" -> assertThat(g.doubleValue()).as(what)
						.isCloseTo(w.doubleValue(), org.assertj.core.api.Assertions.within(RELATIVE * absSum / count));
					default -> assertThat(g).as(what).isEqualTo(w);
				}
			}
		}
	}

}
