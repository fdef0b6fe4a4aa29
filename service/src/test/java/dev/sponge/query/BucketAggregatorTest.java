package dev.sponge.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.sponge.problem.ApiProblem;
import dev.sponge.query.BucketAggregator.Row;
import dev.sponge.rollups.Partial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * The streaming aggregator against a reference computed here from all points at once.
 * Random data comes from seeded loops (the seed is in every failure message), since
 * jqwik's engine targets JUnit Platform 1.x and this build runs Platform 6.
 */
class BucketAggregatorTest {

	private static final List<Aggregation> ALL = List.of(Aggregation.values());

	/** 2025-11-25T00:00:00Z, a day (partition) boundary. */
	private static final long DAY = 1764028800000L;

	@Test
	void everyAggregationOfRandomDataEqualsTheReference() {
		for (long seed = 1; seed <= 200; seed++) {
			Random random = new Random(seed);
			long step = List.of(1_000L, 30_000L, 60_000L, 300_000L, 3_600_000L, 86_400_000L).get(random.nextInt(6));
			long[] ts = randomTimes(random, DAY - 2 * step, DAY + 3 * step, 1 + random.nextInt(400));
			double[] values = random.doubles(ts.length, -1e6, 1e6).toArray();

			List<Row> actual = aggregate(step, ALL, ts, values);

			List<List<Number>> expected = reference(step, ALL, ts, values);
			assertThat(actual).as("seed %d", seed).hasSameSizeAs(expected);
			for (int i = 0; i < expected.size(); i++) {
				assertRowEquals(actual.get(i).cells(), expected.get(i), "seed " + seed + " row " + i);
			}
		}
	}

	@Test
	void minuteSummariesGiveTheRowsOfTheirPoints() {
		List<Aggregation> derivable = ALL.stream().filter((aggregation) -> !aggregation.isPercentile()).toList();
		int cases = 200;
		for (long seed = 1; seed <= cases; seed++) {
			Random random = new Random(seed);
			long step = List.of(60_000L, 300_000L, 3_600_000L, 86_400_000L).get(random.nextInt(4));
			long[] ts = randomTimes(random, DAY - 2 * step, DAY + 3 * step, 1 + random.nextInt(400));
			double[] values = random.doubles(ts.length, -1e6, 1e6).toArray();
			BucketAggregator aggregator = new BucketAggregator(step, derivable, Integer.MAX_VALUE);
			List<Row> actual = new ArrayList<>();
			Partial minute = null;
			for (int i = 0; i <= ts.length; i++) {
				long start = (i < ts.length) ? Math.floorDiv(ts[i], 60_000L) * 60_000L : Long.MIN_VALUE;
				if (minute != null && (i == ts.length || start != minute.start())) {
					Row row = aggregator.add(minute);
					if (row != null) {
						actual.add(row);
					}
					minute = null;
				}
				if (i < ts.length) {
					Partial point = Partial.of(ts[i], values[i]);
					minute = (minute == null) ? point.at(start) : minute.merge(point);
				}
			}
			Row last = aggregator.finish();
			if (last != null) {
				actual.add(last);
			}

			List<List<Number>> expected = reference(step, derivable, ts, values);
			assertThat(actual).as("seed %d", seed).hasSameSizeAs(expected);
			for (int i = 0; i < expected.size(); i++) {
				assertRowEquals(actual.get(i).cells(), expected.get(i), "seed " + seed + " row " + i);
			}
		}
		System.out.println("BucketAggregatorTest: seeds 1.." + cases + " of minute summaries");
	}

	@Test
	void bucketsStartAtEpochMultiplesOfTheStepAndEmptyBucketsAreLeftOut() {
		long step = 60_000;
		long[] ts = { DAY - 1, DAY, DAY + 59_999, DAY + 180_000 + 5 };
		List<Row> rows = aggregate(step, List.of(Aggregation.COUNT), ts, new double[] { 1, 2, 3, 4 });

		assertThat(rows).extracting(Row::cells)
			.containsExactly(List.of(DAY - 60_000, 1L), List.of(DAY, 2L), List.of(DAY + 180_000, 1L));
	}

	@Test
	void aDayStepAlignsToUtcMidnightSoItsBucketIsOneDayPartition() {
		long[] ts = { DAY - 1, DAY, DAY + 86_399_999L, DAY + 86_400_000L };
		List<Row> rows = aggregate(86_400_000L, List.of(Aggregation.SUM), ts, new double[] { 1, 2, 3, 4 });

		assertThat(rows).extracting(Row::cells)
			.containsExactly(List.of(DAY - 86_400_000L, 1.0), List.of(DAY, 5.0), List.of(DAY + 86_400_000L, 4.0));
	}

	@Test
	void aSinglePointBucketHasThatPointAsEveryAggregationAndACountOfOne() {
		List<Row> rows = aggregate(1_000, ALL, new long[] { DAY + 1234 }, new double[] { 7.5 });

		assertThat(rows).singleElement()
			.extracting(Row::cells)
			.isEqualTo(List.of(DAY + 1000, 7.5, 7.5, 7.5, 7.5, 1L, 7.5, 7.5, 7.5, 7.5, 7.5));
	}

	@Test
	void percentilesAreNearestRankAndAlwaysOneOfTheBucketsValues() {
		double[] values = new double[10];
		long[] ts = new long[10];
		for (int i = 0; i < 10; i++) {
			ts[i] = DAY + i;
			values[i] = 10 - i;
		}
		List<Row> rows = aggregate(1_000, List.of(Aggregation.P50, Aggregation.P90, Aggregation.P99), ts, values);

		// Sorted 1..10: p50 is rank ceil(5) = 5, p90 rank 9, p99 rank ceil(9.9) = 10.
		assertThat(rows).singleElement().extracting(Row::cells).isEqualTo(List.of(DAY, 5.0, 9.0, 10.0));
	}

	@Test
	void aSumBeyondTheDoubleRangeIsNullNeverInfinityOrNaN() {
		List<Row> rows = aggregate(1_000, List.of(Aggregation.SUM, Aggregation.AVG, Aggregation.MAX),
				new long[] { DAY, DAY + 1 }, new double[] { Double.MAX_VALUE, Double.MAX_VALUE });

		assertThat(rows).singleElement()
			.extracting(Row::cells)
			.isEqualTo(Arrays.asList(DAY, null, null, Double.MAX_VALUE));
	}

	@Test
	void aPercentileBucketOverItsCapIsA400NamingTheProperty() {
		BucketAggregator aggregator = new BucketAggregator(1_000, List.of(Aggregation.P50), 2);
		aggregator.add(DAY, 1);
		aggregator.add(DAY + 1, 2);

		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> aggregator.add(DAY + 2, 3))
			.satisfies((problem) -> assertThat(problem.detail()).contains("sponge.query.max-percentile-bucket-points"));
	}

	@Test
	void noPointsGiveNoRow() {
		assertThat(new BucketAggregator(1_000, ALL, 10).finish()).isNull();
	}

	private static List<Row> aggregate(long step, List<Aggregation> aggregations, long[] ts, double[] values) {
		BucketAggregator aggregator = new BucketAggregator(step, aggregations, Integer.MAX_VALUE);
		List<Row> rows = new ArrayList<>();
		for (int i = 0; i < ts.length; i++) {
			Row row = aggregator.add(ts[i], values[i]);
			if (row != null) {
				rows.add(row);
			}
		}
		Row last = aggregator.finish();
		if (last != null) {
			rows.add(last);
		}
		return rows;
	}

	/** Distinct ascending times in {@code [from, to)}. */
	static long[] randomTimes(Random random, long from, long to, int count) {
		return random.longs(count, from, to).distinct().sorted().toArray();
	}

	/**
	 * The aggregations computed the obvious way: group every point by
	 * {@code floor(ts / step) * step}, then compute each column from the whole group.
	 */
	static List<List<Number>> reference(long step, List<Aggregation> aggregations, long[] ts, double[] values) {
		List<List<Number>> rows = new ArrayList<>();
		int start = 0;
		while (start < ts.length) {
			long bucket = Math.floorDiv(ts[start], step) * step;
			int end = start;
			while (end < ts.length && Math.floorDiv(ts[end], step) * step == bucket) {
				end++;
			}
			double[] group = Arrays.copyOfRange(values, start, end);
			double[] sorted = group.clone();
			Arrays.sort(sorted);
			List<Number> row = new ArrayList<>();
			row.add(bucket);
			for (Aggregation aggregation : aggregations) {
				row.add(switch (aggregation) {
					case AVG -> Arrays.stream(group).sum() / group.length;
					case MIN -> sorted[0];
					case MAX -> sorted[sorted.length - 1];
					case SUM -> Arrays.stream(group).sum();
					case COUNT -> (long) group.length;
					case FIRST -> group[0];
					case LAST -> group[group.length - 1];
					case P50, P90, P99 -> sorted[(int) Math.ceil(aggregation.percentile() * group.length / 100.0) - 1];
				});
			}
			rows.add(row);
			start = end;
		}
		return rows;
	}

	/** Exact for everything but sums and averages, which may differ in the last bits. */
	static void assertRowEquals(List<Number> actual, List<Number> expected, String description) {
		assertThat(actual).as(description).hasSameSizeAs(expected);
		for (int i = 0; i < expected.size(); i++) {
			if (expected.get(i) instanceof Double d) {
				assertThat(actual.get(i).doubleValue()).as(description + " column " + i)
					.isCloseTo(d, within(Math.abs(d) * 1e-9 + 1e-6));
			}
			else {
				assertThat(actual.get(i)).as(description + " column " + i).isEqualTo(expected.get(i));
			}
		}
	}

}
