package dev.sponge.promql;

import java.util.ArrayList;
import java.util.List;

/**
 * The functions of a range vector ({@code rate}, {@code *_over_time}, ...): at each step,
 * over the samples of {@code [t - offset - range, t - offset]}, as Prometheus 2 computes
 * them (extrapolation of {@code rate}, {@code increase} and {@code delta} included). The
 * result drops the metric name but for {@code last_over_time}.
 */
final class RangeFunctions {

	private RangeFunctions() {
	}

	static Value.Vector eval(String name, Value.Matrix matrix, double[] param, Steps steps) {
		List<StepSeries> out = new ArrayList<>();
		boolean keepName = name.equals("last_over_time");
		for (RawSeries raw : matrix.series()) {
			StepSeries result = new StepSeries(keepName ? raw.labels() : raw.labels().withoutName(), steps.count(),
					false);
			for (int i = 0; i < steps.count(); i++) {
				long end = matrix.windowEnd(steps.time(i));
				long start = end - matrix.range();
				int from = raw.firstAtOrAfter(start);
				int to = raw.lastAtOrBefore(end) + 1;
				if (from >= to || (needsTwo(name) && to - from < 2)) {
					continue;
				}
				result.set(i, apply(name, raw, from, to, start, end, matrix.range(), steps.time(i),
						(param != null) ? param[i] : 0));
			}
			if (!result.present.isEmpty()) {
				out.add(result);
			}
		}
		return new Value.Vector(out);
	}

	/** Functions that need two samples: with fewer they give no value (not NaN). */
	private static boolean needsTwo(String name) {
		return switch (name) {
			case "rate", "increase", "delta", "irate", "idelta", "deriv", "predict_linear" -> true;
			default -> false;
		};
	}

	private static double apply(String name, RawSeries raw, int from, int to, long start, long end, long range,
			long stepTime, double param) {
		double[] v = raw.values();
		long[] ts = raw.ts();
		int n = to - from;
		switch (name) {
			case "rate":
				return extrapolatedRate(raw, from, to, start, end, range, true, true);
			case "increase":
				return extrapolatedRate(raw, from, to, start, end, range, true, false);
			case "delta":
				return extrapolatedRate(raw, from, to, start, end, range, false, false);
			case "irate":
			case "idelta": {
				if (n < 2) {
					return Double.NaN;
				}
				double last = v[to - 1];
				double previous = v[to - 2];
				double result = (name.equals("irate") && last < previous) ? last : last - previous;
				long interval = ts[to - 1] - ts[to - 2];
				if (interval == 0) {
					return Double.NaN;
				}
				return name.equals("irate") ? result / (interval / 1000.0) : result;
			}
			case "resets": {
				int resets = 0;
				for (int i = from + 1; i < to; i++) {
					if (v[i] < v[i - 1]) {
						resets++;
					}
				}
				return resets;
			}
			case "changes": {
				int changes = 0;
				for (int i = from + 1; i < to; i++) {
					if (!(v[i] == v[i - 1] || (Double.isNaN(v[i]) && Double.isNaN(v[i - 1])))) {
						changes++;
					}
				}
				return changes;
			}
			case "deriv":
				return (n < 2) ? Double.NaN : regression(raw, from, to, ts[from])[0];
			case "predict_linear": {
				if (n < 2) {
					return Double.NaN;
				}
				double[] line = regression(raw, from, to, stepTime);
				return line[0] * param + line[1];
			}
			case "avg_over_time":
				return Aggregations.mean(java.util.Arrays.copyOfRange(v, from, to));
			case "sum_over_time": {
				double sum = 0;
				for (int i = from; i < to; i++) {
					sum += v[i];
				}
				return sum;
			}
			case "count_over_time":
				return n;
			case "min_over_time": {
				double min = v[from];
				for (int i = from; i < to; i++) {
					if (v[i] < min || Double.isNaN(min)) {
						min = v[i];
					}
				}
				return min;
			}
			case "max_over_time": {
				double max = v[from];
				for (int i = from; i < to; i++) {
					if (v[i] > max || Double.isNaN(max)) {
						max = v[i];
					}
				}
				return max;
			}
			case "last_over_time":
				return v[to - 1];
			case "present_over_time":
				return 1;
			case "stddev_over_time":
				return Math.sqrt(Aggregations.variance(java.util.Arrays.copyOfRange(v, from, to)));
			case "stdvar_over_time":
				return Aggregations.variance(java.util.Arrays.copyOfRange(v, from, to));
			case "quantile_over_time":
				return Aggregations.quantile(param, java.util.Arrays.copyOfRange(v, from, to));
			default:
				throw PromQLException.unsupported("the function " + name + "()");
		}
	}

	/**
	 * Prometheus' extrapolation: the increase between the first and last sample of the
	 * range (counter resets compensated), extrapolated to the range's ends by at most
	 * half an average sample interval, and for counters not below zero.
	 */
	private static double extrapolatedRate(RawSeries raw, int from, int to, long rangeStart, long rangeEnd, long range,
			boolean counter, boolean rate) {
		if (to - from < 2) {
			return Double.NaN;
		}
		double[] v = raw.values();
		long[] ts = raw.ts();
		double result = v[to - 1] - v[from];
		if (counter) {
			double previous = 0;
			for (int i = from; i < to; i++) {
				if (v[i] < previous) {
					result += previous;
				}
				previous = v[i];
			}
		}
		double durationToStart = (ts[from] - rangeStart) / 1000.0;
		double durationToEnd = (rangeEnd - ts[to - 1]) / 1000.0;
		double sampledInterval = (ts[to - 1] - ts[from]) / 1000.0;
		double averageInterval = sampledInterval / (to - from - 1);
		if (counter && result > 0 && v[from] >= 0) {
			double durationToZero = sampledInterval * (v[from] / result);
			if (durationToZero < durationToStart) {
				durationToStart = durationToZero;
			}
		}
		double threshold = averageInterval * 1.1;
		double extrapolateTo = sampledInterval;
		extrapolateTo += (durationToStart < threshold) ? durationToStart : averageInterval / 2;
		extrapolateTo += (durationToEnd < threshold) ? durationToEnd : averageInterval / 2;
		result = result * (extrapolateTo / sampledInterval);
		if (rate) {
			result = result / (range / 1000.0);
		}
		return result;
	}

	/** Slope and intercept (at {@code interceptTime}) of the least-squares line. */
	private static double[] regression(RawSeries raw, int from, int to, long interceptTime) {
		double n = 0;
		double sumX = 0;
		double sumY = 0;
		double sumXY = 0;
		double sumX2 = 0;
		for (int i = from; i < to; i++) {
			double x = (raw.ts()[i] - interceptTime) / 1000.0;
			double y = raw.values()[i];
			n++;
			sumX += x;
			sumY += y;
			sumXY += x * y;
			sumX2 += x * x;
		}
		double covXY = sumXY - sumX * sumY / n;
		double varX = sumX2 - sumX * sumX / n;
		double slope = covXY / varX;
		double intercept = sumY / n - slope * sumX / n;
		return new double[] { slope, intercept };
	}

}
