package dev.sponge.points;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sponge.series.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesPointsDaysTest {

	@Test
	void daysAreTheDistinctUtcDaysOfThePointsAscending() {
		long day = 1764028800000L;
		SeriesPoints points = SeriesPoints.of(SeriesKey.of("cpu", Map.of()),
				new long[] { day + 5, day - 1, day + 2 * TimeBuckets.DAY_MILLIS, day, day - 2 },
				new double[] { 1, 2, 3, 4, 5 }, 5);

		int first = TimeBuckets.dayOf(day);
		assertThat(points.days()).containsExactly(first - 1, first, first + 2);
	}

}
