package dev.sponge.query;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;

import dev.sponge.rollups.Resolution;

/**
 * Chooses where each part of a downsampled range is read from. A rollup row can only
 * stand in for its points when the step is a multiple of its unit (so the row lies in one
 * step bucket) and every aggregation is derivable from count, sum, min, max, first and
 * last (percentiles are not). The range is then cut into aligned parts: whole hours from
 * {@code rollup_1h}, the whole minutes around them from {@code rollup_1m}, and the
 * unaligned edges from the raw points, so the answer is that of the points, whatever
 * {@code from} and {@code to} are. Minutes whose rollups are not current yet (they have a
 * mark) are then read from the raw points, and hours holding them from minute rows.
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

	/**
	 * The plan with every rollup part that covers a minute in {@code dirty} (starts of
	 * minutes whose rollups may not be current) read from finer data instead: an hour
	 * holding a dirty minute from its minute rows, a dirty minute from the raw points.
	 * Adjacent parts of the same source are joined.
	 */
	static List<Segment> avoiding(List<Segment> plan, NavigableSet<Long> dirty) {
		if (dirty.isEmpty()) {
			return plan;
		}
		List<Segment> parts = new ArrayList<>();
		for (Segment segment : plan) {
			if (segment.resolution() == Resolution.HOUR) {
				long hour = segment.from();
				while (hour < segment.to()) {
					Long next = dirty.ceiling(hour);
					if (next == null || next >= segment.to()) {
						parts.add(new Segment(Resolution.HOUR, hour, segment.to()));
						break;
					}
					long dirtyHour = Resolution.HOUR.unitStart(next);
					if (dirtyHour > hour) {
						parts.add(new Segment(Resolution.HOUR, hour, dirtyHour));
					}
					minutesAvoiding(dirtyHour, dirtyHour + Resolution.HOUR.millis(), dirty, parts);
					hour = dirtyHour + Resolution.HOUR.millis();
				}
			}
			else if (segment.resolution() == Resolution.MINUTE) {
				minutesAvoiding(segment.from(), segment.to(), dirty, parts);
			}
			else {
				parts.add(segment);
			}
		}
		return joined(parts);
	}

	private static void minutesAvoiding(long from, long to, NavigableSet<Long> dirty, List<Segment> parts) {
		long minute = from;
		while (minute < to) {
			Long next = dirty.ceiling(minute);
			if (next == null || next >= to) {
				parts.add(new Segment(Resolution.MINUTE, minute, to));
				return;
			}
			if (next > minute) {
				parts.add(new Segment(Resolution.MINUTE, minute, next));
			}
			long end = Math.min(to, next + Resolution.MINUTE.millis());
			parts.add(new Segment(null, next, end));
			minute = end;
		}
	}

	private static List<Segment> joined(List<Segment> parts) {
		List<Segment> joined = new ArrayList<>(parts.size());
		for (Segment part : parts) {
			Segment last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
			if (last != null && last.resolution() == part.resolution() && last.to() == part.from()) {
				joined.set(joined.size() - 1, new Segment(part.resolution(), last.from(), part.to()));
			}
			else {
				joined.add(part);
			}
		}
		return joined;
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
