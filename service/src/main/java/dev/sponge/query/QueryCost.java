package dev.sponge.query;

import java.util.List;

import dev.sponge.points.TimeBuckets;
import dev.sponge.query.RollupPlanner.Segment;
import dev.sponge.rollups.Resolution;

/**
 * The Cassandra partitions a query's plan reads, counted before its first read
 * ({@code query-cost}): each part of a series' range reads every partition it spans, one
 * after another, whether or not it holds points, so this is what a page costs when it
 * reads to its end (one that fills its page earlier reads fewer).
 */
final class QueryCost {

	private QueryCost() {
	}

	/** Day partitions of the points table that a raw read of {@code [from, to)} spans. */
	static long rawReads(long from, long to) {
		return (from < to) ? TimeBuckets.dayOf(to - 1) - TimeBuckets.dayOf(from) + 1L : 0;
	}

	/**
	 * Partitions that reading {@code plan} spans: days for raw points and minute rollups,
	 * months for hour rollups; plus the read of the series' pending rollup marks that a
	 * plan using rollups makes first.
	 */
	static long planReads(List<Segment> plan) {
		long reads = 0;
		boolean rollups = false;
		for (Segment segment : plan) {
			Resolution resolution = segment.resolution();
			if (resolution == null) {
				reads += rawReads(segment.from(), segment.to());
			}
			else {
				rollups = true;
				reads += resolution.partitionOf(segment.to() - 1) - resolution.partitionOf(segment.from()) + 1L;
			}
		}
		return rollups ? reads + 1 : reads;
	}

}
