package dev.sponge.query;

import java.time.Duration;
import java.time.Instant;

import dev.sponge.problem.ApiProblem;

/**
 * The {@code from <= ts < to} range of a query, in epoch milliseconds.
 *
 * @param from first millisecond in the range
 * @param to first millisecond after the range
 */
record QueryRange(long from, long to) {

	/**
	 * The range of {@code from} and {@code to} parameters: {@code to} defaults to now and
	 * {@code from} to {@code defaultRange} before {@code to}; longer than
	 * {@code maxRange} is a 400 naming {@code maxRangeProperty}.
	 */
	static QueryRange parse(String fromParam, String toParam, Instant now, Duration defaultRange, Duration maxRange,
			String maxRangeProperty) {
		long to = (toParam != null) ? TimeParameter.parse("to", toParam, now) : now.toEpochMilli();
		long from = (fromParam != null) ? TimeParameter.parse("from", fromParam, now) : to - defaultRange.toMillis();
		if (from >= to) {
			throw ApiProblem.badRequest("from must be before to");
		}
		if (to - from > maxRange.toMillis()) {
			throw ApiProblem.badRequest("The range from..to is longer than " + maxRange + " (" + maxRangeProperty
					+ "); page through shorter ranges");
		}
		return new QueryRange(from, to);
	}

}
