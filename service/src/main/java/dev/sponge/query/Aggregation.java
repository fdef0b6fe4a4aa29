package dev.sponge.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.sponge.problem.ApiProblem;

/**
 * The aggregations of a downsampled query, one column each. Percentiles use the
 * nearest-rank definition: {@code pN} of {@code n} sorted values is the value at rank
 * {@code ceil(N * n / 100)} (1-based), always one of the bucket's own values.
 */
enum Aggregation {

	AVG, MIN, MAX, SUM, COUNT, FIRST, LAST, P50(50), P90(90), P99(99);

	private final int percentile;

	Aggregation() {
		this(0);
	}

	Aggregation(int percentile) {
		this.percentile = percentile;
	}

	/** The name clients use, as in {@code agg=avg,p99}, and the column name. */
	String column() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The percentile in percent, or 0 when this is not a percentile. */
	int percentile() {
		return this.percentile;
	}

	boolean isPercentile() {
		return this.percentile > 0;
	}

	/**
	 * Parses a comma-separated list such as {@code avg,max,p99}; unknown or repeated
	 * names are a 400 that lists the allowed ones.
	 */
	static List<Aggregation> parseAll(String text) {
		if (text == null || text.isBlank()) {
			throw ApiProblem.badRequest("agg must name at least one aggregation of " + allowed());
		}
		List<Aggregation> aggregations = new ArrayList<>();
		for (String part : text.split(",", -1)) {
			Aggregation aggregation = find(part.strip());
			if (aggregation == null) {
				throw ApiProblem.badRequest("agg '" + part.strip() + "' is not an aggregation; use a comma-separated "
						+ "list of " + allowed());
			}
			if (aggregations.contains(aggregation)) {
				throw ApiProblem.badRequest("agg names '" + aggregation.column() + "' more than once");
			}
			aggregations.add(aggregation);
		}
		return List.copyOf(aggregations);
	}

	/** The list as given in a request, e.g. {@code avg,max}. */
	static String names(List<Aggregation> aggregations) {
		return aggregations.stream().map(Aggregation::column).collect(Collectors.joining(","));
	}

	private static Aggregation find(String name) {
		for (Aggregation aggregation : values()) {
			if (aggregation.column().equals(name)) {
				return aggregation;
			}
		}
		return null;
	}

	private static String allowed() {
		return Arrays.stream(values()).map(Aggregation::column).collect(Collectors.joining(" "));
	}

}
