package dev.sponge.rollups;

import java.time.LocalDate;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.sponge.points.TimeBuckets;

import static org.assertj.core.api.Assertions.assertThat;

/** Partition buckets of the rollup tables and merging of summaries. */
class TimeBucketsAndPartialTest {

	@Test
	void theMonthOfADayIsItsUtcCalendarMonthCountedFromJanuary1970() {
		assertThat(TimeBuckets.monthOfDay(0)).isZero();
		assertThat(TimeBuckets.monthOfDay((int) LocalDate.of(1970, 1, 31).toEpochDay())).isZero();
		assertThat(TimeBuckets.monthOfDay((int) LocalDate.of(1970, 2, 1).toEpochDay())).isEqualTo(1);
		assertThat(TimeBuckets.monthOfDay((int) LocalDate.of(2025, 11, 25).toEpochDay())).isEqualTo(55 * 12 + 10);
		assertThat(TimeBuckets.monthOf(1764028800000L - 1)).isEqualTo(55 * 12 + 10);
	}

	@Test
	void everyHourLiesInOneDayAndOneMonthSoRecomputesReadOnePartition() {
		for (long hour = 0; hour < 24L * 800; hour++) {
			long start = hour * Resolution.HOUR.millis();
			long end = start + Resolution.HOUR.millis() - 1;
			assertThat(TimeBuckets.dayOf(end)).isEqualTo(TimeBuckets.dayOf(start));
			assertThat(Resolution.HOUR.partitionOf(end)).isEqualTo(Resolution.HOUR.partitionOf(start));
		}
	}

	@Test
	void mergingSummariesInAnyGroupingGivesTheSummaryOfAllPoints() {
		Random random = new Random(5);
		int cases = 500;
		for (int c = 0; c < cases; c++) {
			int n = 1 + random.nextInt(50);
			long[] ts = random.longs(n, 0, 1_000).distinct().sorted().toArray();
			Partial all = null;
			Partial left = null;
			Partial right = null;
			int split = random.nextInt(ts.length + 1);
			for (int i = 0; i < ts.length; i++) {
				Partial point = Partial.of(ts[i], random.nextInt(21) - 10);
				all = (all == null) ? point : all.merge(point);
				if (i < split) {
					left = (left == null) ? point : left.merge(point);
				}
				else {
					right = (right == null) ? point : right.merge(point);
				}
			}
			Partial merged = (left == null) ? right : (right == null) ? left : left.merge(right);
			// Small integers sum exactly, so every field must be equal.
			assertThat(merged).as("case %d", c).isEqualTo(all);
			assertThat(all.firstTs()).isEqualTo(ts[0]);
			assertThat(all.lastTs()).isEqualTo(ts[ts.length - 1]);
		}
		System.out.println("TimeBucketsAndPartialTest: seed 5, " + cases + " cases");
	}

}
