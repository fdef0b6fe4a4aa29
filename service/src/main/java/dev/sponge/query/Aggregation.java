package dev.sponge.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.sponge.problem.ApiProblem;
import dev.sponge.rollups.RollupColumn;

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

	/**
	 * The rollup columns these aggregations read besides the count (percentiles never
	 * read rollups).
	 */
	static Set<RollupColumn> rollupColumns(List<Aggregation> aggregations) {
		Set<RollupColumn> columns = EnumSet.noneOf(RollupColumn.class);
		for (Aggregation aggregation : aggregations) {
			switch (aggregation) {
				case AVG, SUM -> columns.add(RollupColumn.SUM);
				case MIN -> columns.add(RollupColumn.MIN);
				case MAX -> columns.add(RollupColumn.MAX);
				case FIRST -> columns.add(RollupColumn.FIRST);
				case LAST -> columns.add(RollupColumn.LAST);
				case COUNT, P50, P90, P99 -> {
				}
			}
		}
		return columns;
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
