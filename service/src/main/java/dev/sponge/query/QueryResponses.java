package dev.sponge.query;

import java.util.List;
import java.util.Map;

/** Response bodies of the query endpoints. */
final class QueryResponses {

	private QueryResponses() {
	}

	/**
	 * {@code GET /api/v1/points}: raw points per series and the cursor of the next page.
	 */
	record PointsPage(List<SeriesPointsView> series, String next) {
	}

	/** One series' points as {@code [ts, value]} pairs, ascending by time. */
	record SeriesPointsView(String id, String metric, Map<String, String> tags, List<List<Number>> points) {
	}

	/**
	 * {@code GET /api/v1/points} with {@code step}: one row per non-empty step bucket per
	 * series, and the cursor of the next page.
	 */
	record AggregatedPage(List<SeriesRowsView> series, String next) {
	}

	/**
	 * One series' buckets: each row is {@code ts} (bucket start) followed by one value
	 * per aggregation, in the order of {@code columns}.
	 */
	record SeriesRowsView(String id, String metric, Map<String, String> tags, long step, List<String> columns,
			List<List<Number>> rows) {
	}

	/**
	 * {@code GET /api/v1/points} with {@code step} and {@code group_by}: one row per
	 * non-empty step bucket per group, and the cursor of the next page.
	 */
	record GroupedPage(List<GroupRowsView> series, String next) {
	}

	/**
	 * The buckets of the points of every matching series with the same value of the
	 * {@code group_by} tag, merged as if they were one series.
	 *
	 * @param group the {@code group_by} tag key and the group's value, {@code null} for
	 * the series without that tag
	 * @param members how many series were merged
	 */
	record GroupRowsView(Map<String, String> group, String metric, int members, long step, List<String> columns,
			List<List<Number>> rows) {
	}

	/** {@code GET /api/v1/latest}. */
	record LatestPage(List<LatestView> series) {
	}

	/** Newest point of one series. */
	record LatestView(String id, String metric, Map<String, String> tags, long ts, double value) {
	}

}
