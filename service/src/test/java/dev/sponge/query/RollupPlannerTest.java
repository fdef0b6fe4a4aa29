package dev.sponge.query;

import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;

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

	@Test
	void anHourHoldingAPendingMinuteIsReadFromMinuteRowsAndThePendingMinuteFromRawPoints() {
		List<Segment> plan = RollupPlanner.plan(HOUR, DERIVABLE, DAY, DAY + 3 * HOUR, true);
		NavigableSet<Long> dirty = new TreeSet<>(List.of(DAY + HOUR + 10 * MINUTE));

		assertThat(RollupPlanner.avoiding(plan, dirty)).containsExactly(new Segment(Resolution.HOUR, DAY, DAY + HOUR),
				new Segment(Resolution.MINUTE, DAY + HOUR, DAY + HOUR + 10 * MINUTE),
				new Segment(null, DAY + HOUR + 10 * MINUTE, DAY + HOUR + 11 * MINUTE),
				new Segment(Resolution.MINUTE, DAY + HOUR + 11 * MINUTE, DAY + 2 * HOUR),
				new Segment(Resolution.HOUR, DAY + 2 * HOUR, DAY + 3 * HOUR));
	}

	@Test
	void noRollupPartOfAPlanEverCoversAPendingMinuteAndThePartsStillCoverTheRange() {
		Random random = new Random(20261129);
		for (int i = 0; i < 2_000; i++) {
			long from = DAY - 5 * HOUR + random.nextLong(10 * HOUR);
			long to = from + 1 + random.nextLong(10 * HOUR);
			NavigableSet<Long> dirty = new TreeSet<>();
			for (int d = random.nextInt(6); d > 0; d--) {
				dirty.add(Math.floorDiv(DAY - 6 * HOUR + random.nextLong(12 * HOUR), MINUTE) * MINUTE);
			}
			long step = random.nextBoolean() ? HOUR : 5 * MINUTE;
			List<Segment> plan = RollupPlanner.avoiding(RollupPlanner.plan(step, DERIVABLE, from, to, true), dirty);
			String description = "range " + from + ".." + to + " dirty " + dirty + " plan " + plan;
			assertThat(plan.get(0).from()).as(description).isEqualTo(from);
			assertThat(plan.get(plan.size() - 1).to()).as(description).isEqualTo(to);
			for (int s = 0; s < plan.size(); s++) {
				Segment segment = plan.get(s);
				if (s > 0) {
					assertThat(segment.from()).as(description).isEqualTo(plan.get(s - 1).to());
				}
				if (segment.resolution() != null) {
					long unit = segment.resolution().millis();
					Long pending = dirty.ceiling(Math.floorDiv(segment.from(), unit) * unit);
					assertThat(pending == null || pending >= segment.to()).as(description + " at " + segment).isTrue();
				}
			}
		}
	}

}
