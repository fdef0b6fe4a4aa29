package dev.sponge.query;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sponge.limits.TenantLimit;

import static org.assertj.core.api.Assertions.assertThat;

/** The partition reads a query's plan is estimated at, before any read. */
class QueryCostTest {

	/** 2025-11-25T00:00:00Z. */
	private static final long DAY0 = 1764028800000L;

	private static final long DAY = 86_400_000L;

	private static final long HOUR = 3_600_000L;

	private static final long MINUTE = 60_000L;

	/** 2025-01-01T00:00:00Z. */
	private static final long JANUARY = 1735689600000L;

	/** The default of {@code sponge.limits.query-cost}. */
	private static final long DEFAULT_BUDGET = 10_000;

	private static final List<Aggregation> AVG = Aggregation.parseAll("avg");

	@Test
	void aRawReadSpansOneDayPartitionPerUtcDayItTouches() {
		assertThat(QueryCost.rawReads(DAY0, DAY0 + 31 * DAY)).isEqualTo(31);
		assertThat(QueryCost.rawReads(DAY0 + HOUR, DAY0 + 2 * HOUR)).isEqualTo(1);
		assertThat(QueryCost.rawReads(DAY0 - 1, DAY0 + 1)).isEqualTo(2);
		assertThat(QueryCost.rawReads(DAY0, DAY0)).isZero();
	}

	@Test
	void aMinuteRollupPlanSpansItsDaysPlusTheMarksRead() {
		List<RollupPlanner.Segment> plan = RollupPlanner.plan(5 * MINUTE, AVG, DAY0, DAY0 + 7 * DAY - 30 * MINUTE,
				true);

		assertThat(plan).allSatisfy((segment) -> assertThat(segment.source()).isEqualTo("rollup_1m"));
		assertThat(QueryCost.planReads(plan)).isEqualTo(7 + 1);
	}

	@Test
	void anHourRollupPlanSpansOnePartitionPerCalendarMonth() {
		// January to March, whole hours: three month partitions and the marks read.
		List<RollupPlanner.Segment> plan = RollupPlanner.plan(HOUR, AVG, JANUARY, JANUARY + 90 * DAY, true);

		assertThat(plan).singleElement().satisfies((segment) -> assertThat(segment.source()).isEqualTo("rollup_1h"));
		assertThat(QueryCost.planReads(plan)).isEqualTo(3 + 1);
	}

	@Test
	void unalignedEdgesAddTheirMinuteAndRawPartitions() {
		long from = DAY0 + 5 * MINUTE + 1_500;
		long to = DAY0 + 3 * HOUR + 10 * MINUTE + 30_000;

		// Raw edge, minutes, hours, minutes, raw edge: one partition each, all in one day
		// and month, plus the marks read.
		assertThat(QueryCost.planReads(RollupPlanner.plan(HOUR, AVG, from, to, true))).isEqualTo(5 + 1);
	}

	@Test
	void percentilesAndRollupsOffReadRawDaysWithoutAMarksRead() {
		assertThat(QueryCost
			.planReads(RollupPlanner.plan(HOUR, Aggregation.parseAll("p99"), DAY0 - 400 * DAY, DAY0, true)))
			.isEqualTo(400);
		assertThat(QueryCost.planReads(RollupPlanner.plan(HOUR, AVG, DAY0 - 400 * DAY, DAY0, false))).isEqualTo(400);
	}

	@Test
	void theIssuesHopelessQueriesAreOverTheDefaultBudgetAndADashboardsHourlyYearIsNot() {
		// 1,000 series x 31 days raw: the query that answered after 13 s.
		assertThat(1 + 1000 * QueryCost.rawReads(DAY0 - 31 * DAY, DAY0)).isEqualTo(31_001)
			.isGreaterThan(DEFAULT_BUDGET);
		// group_by p99 over 1,000 series and 400 days: 400,000 raw partitions.
		assertThat(1 + 1000 * QueryCost
			.planReads(RollupPlanner.plan(HOUR, Aggregation.parseAll("p99"), DAY0 - 400 * DAY, DAY0, true)))
			.isGreaterThan(DEFAULT_BUDGET);
		// An hourly average of 100 series over 400 days: 14 months plus the marks each.
		assertThat(1 + 100 * QueryCost.planReads(RollupPlanner.plan(HOUR, AVG, DAY0 - 400 * DAY, DAY0, true)))
			.isEqualTo(1 + 100 * (14 + 1))
			.isLessThanOrEqualTo(DEFAULT_BUDGET);
		assertThat(TenantLimit.QUERY_COST.problemType()).isEqualTo("urn:sponge:problem:limit:query-cost");
	}

}
