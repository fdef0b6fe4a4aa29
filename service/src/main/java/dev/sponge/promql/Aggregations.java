package dev.sponge.promql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sponge.promql.Expr.Aggregate;

/**
 * The aggregation operators, computed at each step over the groups {@code by} or
 * {@code without} make, as Prometheus computes them (NaN and infinities included).
 */
final class Aggregations {

	private Aggregations() {
	}

	static Value.Vector eval(Aggregate aggregate, Value.Vector input, Value param, Steps steps) {
		String op = aggregate.op();
		Map<StepSeries, Labels> groups = new LinkedHashMap<>();
		for (StepSeries s : input.series()) {
			groups.put(s, groupLabels(aggregate, s.labels));
		}
		VectorBuilder out = new VectorBuilder(steps.count());
		for (int i = 0; i < steps.count(); i++) {
			Map<Labels, List<StepSeries>> members = new LinkedHashMap<>();
			for (StepSeries s : input.series()) {
				if (s.has(i)) {
					members.computeIfAbsent(groups.get(s), (g) -> new ArrayList<>()).add(s);
				}
			}
			for (Map.Entry<Labels, List<StepSeries>> group : members.entrySet()) {
				aggregate(op, group.getKey(), group.getValue(), i, param, out);
			}
		}
		return out.build();
	}

	private static Labels groupLabels(Aggregate aggregate, Labels labels) {
		if (aggregate.without()) {
			List<String> drop = new ArrayList<>(aggregate.grouping());
			drop.add(Labels.NAME);
			return labels.without(drop);
		}
		return labels.only(aggregate.grouping());
	}

	private static void aggregate(String op, Labels group, List<StepSeries> members, int i, Value param,
			VectorBuilder out) {
		int n = members.size();
		double[] v = new double[n];
		for (int j = 0; j < n; j++) {
			v[j] = members.get(j).values[i];
		}
		switch (op) {
			case "sum" -> {
				double sum = 0;
				for (double x : v) {
					sum += x;
				}
				out.add(i, group, sum);
			}
			case "avg" -> out.add(i, group, mean(v));
			case "count" -> out.add(i, group, n);
			case "group" -> out.add(i, group, 1);
			case "min" -> {
				double min = v[0];
				for (double x : v) {
					if (x < min || Double.isNaN(min)) {
						min = x;
					}
				}
				out.add(i, group, min);
			}
			case "max" -> {
				double max = v[0];
				for (double x : v) {
					if (x > max || Double.isNaN(max)) {
						max = x;
					}
				}
				out.add(i, group, max);
			}
			case "stddev" -> out.add(i, group, Math.sqrt(variance(v)));
			case "stdvar" -> out.add(i, group, variance(v));
			case "quantile" -> out.add(i, group, quantile(((Value.Scalar) param).values()[i], v));
			case "topk", "bottomk" -> {
				double k = ((Value.Scalar) param).values()[i];
				if (Double.isNaN(k)) {
					throw PromQLException.execution("Parameter value is NaN");
				}
				int keep = (int) Math.min(Math.max(k, 0), n);
				boolean top = op.equals("topk");
				Comparator<StepSeries> order = Comparator.comparingDouble((StepSeries s) -> s.values[i]);
				List<StepSeries> sorted = new ArrayList<>(members);
				// NaN sorts last either way, as in Prometheus.
				sorted.sort((a, b) -> {
					double x = a.values[i];
					double y = b.values[i];
					if (Double.isNaN(x) || Double.isNaN(y)) {
						return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
					}
					return top ? Double.compare(y, x) : order.compare(a, b);
				});
				for (StepSeries s : sorted.subList(0, keep)) {
					out.add(i, s.labels, s.values[i]);
				}
			}
			case "count_values" -> {
				String label = ((Value.Str) param).value();
				if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
					throw PromQLException.execution("invalid label name \"" + label + "\"");
				}
				Map<String, Integer> counts = new LinkedHashMap<>();
				for (double x : v) {
					counts.merge(formatValue(x), 1, Integer::sum);
				}
				counts.forEach((value, count) -> out.add(i, group.with(label, value), count));
			}
			default -> throw PromQLException.unsupported("the aggregation " + op);
		}
	}

	/**
	 * The mean as Prometheus computes it: incrementally, so large values do not overflow.
	 */
	static double mean(double[] v) {
		double mean = 0;
		double count = 0;
		for (double x : v) {
			count++;
			if (Double.isInfinite(mean)) {
				if (Double.isInfinite(x) && (mean > 0) == (x > 0)) {
					continue;
				}
				if (!Double.isInfinite(x) && !Double.isNaN(x)) {
					continue;
				}
			}
			mean += x / count - mean / count;
		}
		return mean;
	}

	/** The population variance, by Welford's method. */
	static double variance(double[] v) {
		double mean = 0;
		double m2 = 0;
		double count = 0;
		for (double x : v) {
			count++;
			double delta = x - mean;
			mean += delta / count;
			m2 += delta * (x - mean);
		}
		return m2 / count;
	}

	/** The φ-quantile with linear interpolation between the closest ranks. */
	static double quantile(double q, double[] values) {
		if (values.length == 0 || Double.isNaN(q)) {
			return Double.NaN;
		}
		if (q < 0) {
			return Double.NEGATIVE_INFINITY;
		}
		if (q > 1) {
			return Double.POSITIVE_INFINITY;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		double rank = q * (n - 1);
		int lower = (int) Math.max(0, Math.floor(rank));
		int upper = Math.min(n - 1, lower + 1);
		double weight = rank - Math.floor(rank);
		return sorted[lower] * (1 - weight) + sorted[upper] * weight;
	}

	/**
	 * A value as Go's {@code strconv.FormatFloat(v, 'f', -1, 64)} writes it, the form of
	 * {@code count_values}' labels.
	 */
	static String formatValue(double v) {
		if (Double.isNaN(v)) {
			return "NaN";
		}
		if (Double.isInfinite(v)) {
			return (v > 0) ? "+Inf" : "-Inf";
		}
		if (v == 0) {
			return (1 / v < 0) ? "-0" : "0";
		}
		return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
	}

}
