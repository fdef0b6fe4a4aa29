package dev.sponge.query;

import java.util.ArrayList;
import java.util.List;

import dev.sponge.rollups.Resolution;

/**
 * Chooses where each part of a downsampled range is read from. A rollup row can only
 * stand in for its points when the step is a multiple of its unit (so the row lies in one
 * step bucket) and every aggregation is derivable from count, sum, min, max, first and
 * last (percentiles are not). The range is then cut into aligned parts: whole hours from
 * {@code rollup_1h}, the whole minutes around them from {@code rollup_1m}, and the
 * unaligned edges from the raw points, so the answer is that of the points, whatever
 * {@code from} and {@code to} are.
 */
final class RollupPlanner {

	private RollupPlanner() {
	}

	/**
	 * The parts of {@code [from, to)} in ascending time order, covering it without gaps
	 * or overlaps; one raw part when no rollup applies.
	 */
	static List<Segment> plan(long step, List<Aggregation> aggregations, long from, long to, boolean rollups) {
		List<Resolution> levels = new ArrayList<>();
		if (rollups && aggregations.stream().noneMatch(Aggregation::isPercentile)) {
			for (Resolution resolution : List.of(Resolution.HOUR, Resolution.MINUTE)) {
				if (step % resolution.millis() == 0) {
					levels.add(resolution);
				}
			}
		}
		List<Segment> segments = new ArrayList<>();
		cut(from, to, levels, segments);
		return segments;
	}

	/** Coarsest level first: its aligned middle, then the edges at the finer levels. */
	private static void cut(long from, long to, List<Resolution> levels, List<Segment> segments) {
		if (from >= to) {
			return;
		}
		if (levels.isEmpty()) {
			segments.add(new Segment(null, from, to));
			return;
		}
		Resolution resolution = levels.get(0);
		List<Resolution> finer = levels.subList(1, levels.size());
		long alignedFrom = Math.floorDiv(from + resolution.millis() - 1, resolution.millis()) * resolution.millis();
		long alignedTo = resolution.unitStart(to);
		if (alignedFrom >= alignedTo) {
			cut(from, to, finer, segments);
			return;
		}
		cut(from, alignedFrom, finer, segments);
		segments.add(new Segment(resolution, alignedFrom, alignedTo));
		cut(alignedTo, to, finer, segments);
	}

	/**
	 * One part of a range.
	 *
	 * @param resolution the rollup table to read, {@code null} for the raw points
	 * @param from first millisecond
	 * @param to first millisecond after
	 */
	record Segment(Resolution resolution, long from, long to) {

		/** The table the part is read from, as named in the source metric. */
		String source() {
			return (this.resolution != null) ? this.resolution.table() : "raw";
		}

	}

}
