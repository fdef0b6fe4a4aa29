package dev.sponge.promql;

import java.util.List;

/**
 * The answer to a query, in the shape of Prometheus' {@code data}: a scalar or string at
 * {@code time}, an instant vector (one point per series), or a matrix.
 *
 * @param type {@code scalar}, {@code string}, {@code vector} or {@code matrix}
 * @param series the series of a vector or matrix
 * @param time the evaluation time of a scalar or string, epoch milliseconds
 * @param scalar the value of a scalar
 * @param string the value of a string
 */
public record QueryResult(ValueType type, List<Series> series, long time, double scalar, String string) {

	/** Samples in the answer. */
	public long points() {
		return (this.series != null) ? this.series.stream().mapToLong((s) -> s.ts().length).sum() : 1;
	}

	/**
	 * One series of the answer.
	 *
	 * @param labels its labels
	 * @param ts times, epoch milliseconds
	 * @param values values
	 */
	public record Series(Labels labels, long[] ts, double[] values) {
	}

}
