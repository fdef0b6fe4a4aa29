package dev.sponge.query;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.sponge.query.RollupPlanner.Segment;
import dev.sponge.rollups.Resolution;

import static org.assertj.core.api.Assertions.assertThat;

/** Which table answers which part of a downsampled range. */
class RollupPlannerTest {

	/** 2025-11-25T00:00:00Z. */
	private static final long DAY = 1764028800000L;

	private static final long MINUTE = 60_000L;

	private static final long HOUR = 3_600_000L;

	private static final List<Aggregation> DERIVABLE = Aggregation.parseAll("avg,min,max,sum,count,first,last");

	@Test
	void anHourlyStepOverWholeHoursReadsOnlyTheHourRollup() {
		assertThat(RollupPlanner.plan(HOUR, DERIVABLE, DAY - 3 * HOUR, DAY + 3 * HOUR, true))
			.containsExactly(new Segment(Resolution.HOUR, DAY - 3 * HOUR, DAY + 3 * HOUR));
	}

	@Test
	void aMinuteMultipleStepOverWholeMinutesReadsOnlyTheMinuteRollup() {
		assertThat(RollupPlanner.plan(7 * MINUTE, DERIVABLE, DAY - 90 * MINUTE, DAY + 2 * MINUTE, true))
			.containsExactly(new Segment(Resolution.MINUTE, DAY - 90 * MINUTE, DAY + 2 * MINUTE));
	}

	@Test
	void unalignedEdgesAreReadFromFinerRollupsAndRawPoints() {
		long from = DAY + 5 * MINUTE + 1_500;
		long to = DAY + 3 * HOUR + 10 * MINUTE + 30_000;

		assertThat(RollupPlanner.plan(HOUR, DERIVABLE, from, to, true)).containsExactly(
				new Segment(null, from, DAY + 6 * MINUTE), new Segment(Resolution.MINUTE, DAY + 6 * MINUTE, DAY + HOUR),
				new Segment(Resolution.HOUR, DAY + HOUR, DAY + 3 * HOUR),
				new Segment(Resolution.MINUTE, DAY + 3 * HOUR, DAY + 3 * HOUR + 10 * MINUTE),
				new Segment(null, DAY + 3 * HOUR + 10 * MINUTE, to));
	}

	@Test
	void aRangeWithinOneHourUsesMinutesEvenForAnHourlyStep() {
		assertThat(RollupPlanner.plan(HOUR, DERIVABLE, DAY + MINUTE, DAY + 59 * MINUTE, true))
			.containsExactly(new Segment(Resolution.MINUTE, DAY + MINUTE, DAY + 59 * MINUTE));
	}

	@Test
	void aStepThatIsNoMultipleOfAMinuteReadsRawPoints() {
		assertThat(RollupPlanner.plan(90_000L, DERIVABLE, DAY, DAY + HOUR, true))
			.containsExactly(new Segment(null, DAY, DAY + HOUR));
		assertThat(RollupPlanner.plan(30_000L, DERIVABLE, DAY, DAY + HOUR, true))
			.containsExactly(new Segment(null, DAY, DAY + HOUR));
	}

	@Test
	void aPercentileReadsRawPointsWhateverTheStep() {
		assertThat(RollupPlanner.plan(HOUR, Aggregation.parseAll("avg,p99"), DAY, DAY + 2 * HOUR, true))
			.containsExactly(new Segment(null, DAY, DAY + 2 * HOUR));
	}

	@Test
	void withRollupsSwitchedOffEverythingIsRaw() {
		assertThat(RollupPlanner.plan(HOUR, DERIVABLE, DAY, DAY + 2 * HOUR, false))
			.containsExactly(new Segment(null, DAY, DAY + 2 * HOUR));
	}

	@Test
	void partsOfRandomRangesAreContiguousAlignedAndEachWithinOneStepBucketPerUnit() {
		Random random = new Random(11);
		List<Long> steps = List.of(1_000L, 30_000L, MINUTE, 5 * MINUTE, 7 * MINUTE, HOUR, 2 * HOUR, 86_400_000L);
		int cases = 2_000;
		for (int i = 0; i < cases; i++) {
			long step = steps.get(random.nextInt(steps.size()));
			long from = DAY + random.nextLong(-3 * 86_400_000L, 3 * 86_400_000L);
			long to = from + 1 + random.nextLong(4 * 86_400_000L);

			List<Segment> plan = RollupPlanner.plan(step, DERIVABLE, from, to, true);

			assertThat(plan).as("case %d", i).isNotEmpty();
			assertThat(plan.get(0).from()).isEqualTo(from);
			assertThat(plan.get(plan.size() - 1).to()).isEqualTo(to);
			for (int s = 0; s < plan.size(); s++) {
				Segment segment = plan.get(s);
				assertThat(segment.from()).as("case %d", i).isLessThan(segment.to());
				if (s > 0) {
					assertThat(segment.from()).isEqualTo(plan.get(s - 1).to());
				}
				if (segment.resolution() != null) {
					long unit = segment.resolution().millis();
					assertThat(step % unit).isZero();
					assertThat(segment.from() % unit).isZero();
					assertThat(segment.to() % unit).isZero();
				}
			}
			assertThat(plan).as("case %d: at most five parts", i).hasSizeLessThanOrEqualTo(5);
		}
		System.out.println("RollupPlannerTest: seed 11, " + cases + " random ranges");
	}

}
