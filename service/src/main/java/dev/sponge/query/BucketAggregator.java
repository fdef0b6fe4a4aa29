package dev.sponge.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.sponge.problem.ApiProblem;
import dev.sponge.rollups.Partial;

/**
 * Folds the points of one series, in ascending time order, into step buckets. Only the
 * current bucket is held: a few running values, plus the bucket's values when a
 * percentile is asked for. Not thread-safe: one instance per series and request, fed in
 * order.
 */
final class BucketAggregator {

	private final long step;

	private final List<Aggregation> aggregations;

	private final boolean percentiles;

	private final int maxPercentilePoints;

	private long bucket;

	private long count;

	private double sum;

	private double min;

	private double max;

	private double first;

	private long firstTs;

	private double last;

	private long lastTs;

	private double[] values = new double[0];

	/**
	 * @param step bucket width in milliseconds
	 * @param aggregations the columns of each row after {@code ts}
	 * @param maxPercentilePoints most points one bucket may hold when a percentile is
	 * asked for (they are kept in memory until the bucket is complete)
	 */
	BucketAggregator(long step, List<Aggregation> aggregations, int maxPercentilePoints) {
		this.step = step;
		this.aggregations = aggregations;
		this.percentiles = aggregations.stream().anyMatch(Aggregation::isPercentile);
		this.maxPercentilePoints = maxPercentilePoints;
	}

	/**
	 * Adds the next point; returns the previous bucket's row when this point starts a new
	 * bucket, {@code null} otherwise.
	 */
	Row add(long ts, double value) {
		long start = Step.bucketStart(ts, this.step);
		Row completed = null;
		if (this.count > 0 && start != this.bucket) {
			completed = row();
		}
		if (this.count == 0 || start != this.bucket) {
			this.bucket = start;
			this.count = 0;
			this.sum = 0;
			this.min = value;
			this.max = value;
			this.first = value;
		}
		this.count++;
		this.sum += value;
		this.min = Math.min(this.min, value);
		this.max = Math.max(this.max, value);
		this.last = value;
		if (this.percentiles) {
			keep(value);
		}
		return completed;
	}

	/**
	 * Adds the next summary (a rollup row, or one point of a merge of several series):
	 * summaries come in ascending order of their start, each within one step bucket.
	 * Returns the previous bucket's row when this summary starts a new bucket,
	 * {@code null} otherwise. With percentiles every summary must be a single point.
	 */
	Row add(Partial part) {
		long start = Step.bucketStart(part.start(), this.step);
		Row completed = null;
		if (this.count > 0 && start != this.bucket) {
			completed = row();
		}
		if (this.count == 0 || start != this.bucket) {
			this.bucket = start;
			this.count = 0;
			this.sum = 0;
			this.min = part.min();
			this.max = part.max();
			this.first = part.first();
			this.firstTs = part.firstTs();
			this.last = part.last();
			this.lastTs = part.lastTs();
		}
		// Ties keep the earlier summary's first and take the later one's last, like
		// points added in order.
		if (part.firstTs() < this.firstTs) {
			this.first = part.first();
			this.firstTs = part.firstTs();
		}
		if (part.lastTs() >= this.lastTs) {
			this.last = part.last();
			this.lastTs = part.lastTs();
		}
		this.count += part.count();
		this.sum += part.sum();
		this.min = Math.min(this.min, part.min());
		this.max = Math.max(this.max, part.max());
		if (this.percentiles) {
			if (part.count() != 1) {
				throw new IllegalStateException("Percentiles need the points, not summaries");
			}
			keep(part.first());
		}
		return completed;
	}

	/** The row of the last bucket, or {@code null} when no point was added. */
	Row finish() {
		if (this.count == 0) {
			return null;
		}
		Row row = row();
		this.count = 0;
		return row;
	}

	private void keep(double value) {
		int size = (int) this.count - 1;
		if (size >= this.maxPercentilePoints) {
			throw ApiProblem.badRequest("A step bucket holds more than " + this.maxPercentilePoints
					+ " points (sponge.query.max-percentile-bucket-points); use a smaller step for percentiles");
		}
		if (size == this.values.length) {
			this.values = Arrays.copyOf(this.values, Math.max(16, size * 2));
		}
		this.values[size] = value;
	}

	private Row row() {
		if (this.percentiles) {
			Arrays.sort(this.values, 0, (int) this.count);
		}
		List<Number> cells = new ArrayList<>(this.aggregations.size() + 1);
		cells.add(this.bucket);
		for (Aggregation aggregation : this.aggregations) {
			cells.add(switch (aggregation) {
				case AVG -> finite(this.sum / this.count);
				case MIN -> this.min;
				case MAX -> this.max;
				case SUM -> finite(this.sum);
				case COUNT -> this.count;
				case FIRST -> this.first;
				case LAST -> this.last;
				case P50, P90, P99 -> this.values[nearestRank(aggregation.percentile(), this.count) - 1];
			});
		}
		return new Row(this.bucket, cells);
	}

	/** 1-based nearest rank {@code ceil(percentile * n / 100)}. */
	static int nearestRank(int percentile, long n) {
		return (int) Math.max(1, (percentile * n + 99) / 100);
	}

	/** Stored values are finite, but a sum can overflow: null, never NaN or Infinity. */
	private static Double finite(double value) {
		return Double.isFinite(value) ? value : null;
	}

	/**
	 * One bucket's row.
	 *
	 * @param start bucket start, epoch milliseconds
	 * @param cells {@code ts} followed by one value per aggregation
	 */
	record Row(long start, List<Number> cells) {
	}

}
