package dev.sponge.promql;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

import dev.sponge.promql.Expr.Call;
import dev.sponge.promql.Expr.MatrixSelector;
import dev.sponge.promql.Expr.VectorSelector;

/** Function calls: arguments evaluated, then the function at every step. */
final class Calls {

	private Calls() {
	}

	static Value eval(Call call, Evaluation evaluation, Steps steps) {
		String name = call.function().name();
		List<Value> args = new ArrayList<>();
		for (Expr arg : call.args()) {
			args.add(evaluation.eval(arg, steps));
		}
		switch (name) {
			case "time":
				return time(steps);
			case "pi":
				return Evaluation.scalar(steps, Math.PI);
			case "vector":
				return vector(((Value.Scalar) args.get(0)).values(), steps);
			case "scalar":
				return scalar((Value.Vector) args.get(0), steps);
			case "absent":
				return absent((Value.Vector) args.get(0), call.args().get(0), steps);
			case "absent_over_time":
				return absentOverTime((Value.Matrix) args.get(0), call.args().get(0), steps);
			case "timestamp":
				return timestamp((Value.Vector) args.get(0), call.args().get(0) instanceof VectorSelector, steps);
			case "sort":
			case "sort_desc":
				return args.get(0);
			case "histogram_quantile":
				return Histograms.quantile(((Value.Scalar) args.get(0)).values(), (Value.Vector) args.get(1), steps);
			case "label_replace":
				return LabelFunctions.replace((Value.Vector) args.get(0), strings(args, 1), steps);
			case "label_join":
				return LabelFunctions.join((Value.Vector) args.get(0), strings(args, 1), steps);
			case "quantile_over_time":
				return RangeFunctions.eval(name, (Value.Matrix) args.get(1), ((Value.Scalar) args.get(0)).values(),
						steps);
			case "predict_linear":
				return RangeFunctions.eval(name, (Value.Matrix) args.get(0), ((Value.Scalar) args.get(1)).values(),
						steps);
			case "round": {
				double[] nearest = (args.size() > 1) ? ((Value.Scalar) args.get(1)).values() : null;
				return perValue((Value.Vector) args.get(0), steps, (i, v) -> {
					double inverse = 1.0 / ((nearest != null) ? nearest[i] : 1);
					return Math.floor(v * inverse + 0.5) / inverse;
				});
			}
			case "clamp": {
				double[] min = ((Value.Scalar) args.get(1)).values();
				double[] max = ((Value.Scalar) args.get(2)).values();
				return perValue((Value.Vector) args.get(0), steps,
						(i, v) -> (max[i] < min[i]) ? null : Math.max(min[i], Math.min(max[i], v)));
			}
			case "clamp_min": {
				double[] min = ((Value.Scalar) args.get(1)).values();
				return perValue((Value.Vector) args.get(0), steps, (i, v) -> Math.max(min[i], v));
			}
			case "clamp_max": {
				double[] max = ((Value.Scalar) args.get(1)).values();
				return perValue((Value.Vector) args.get(0), steps, (i, v) -> Math.min(max[i], v));
			}
			default:
				break;
		}
		if (call.function().args().equals(List.of(ValueType.MATRIX))) {
			return RangeFunctions.eval(name, (Value.Matrix) args.get(0), null, steps);
		}
		Value.Vector input = args.isEmpty() ? vector(time(steps).values(), steps) : (Value.Vector) args.get(0);
		DoubleUnaryOperator date = dateFunction(name);
		if (date != null) {
			return perValue(input, steps, (i, v) -> date.applyAsDouble(v));
		}
		DoubleUnaryOperator math = MathFunctions.named(name);
		if (math == null) {
			throw PromQLException.unsupported("the function " + name + "()");
		}
		return perValue(input, steps, (i, v) -> math.applyAsDouble(v));
	}

	private static List<String> strings(List<Value> args, int from) {
		List<String> strings = new ArrayList<>();
		for (Value arg : args.subList(from, args.size())) {
			strings.add(((Value.Str) arg).value());
		}
		return strings;
	}

	private static Value.Scalar time(Steps steps) {
		double[] values = new double[steps.count()];
		for (int i = 0; i < values.length; i++) {
			values[i] = steps.time(i) / 1000.0;
		}
		return new Value.Scalar(values);
	}

	private static Value.Vector vector(double[] values, Steps steps) {
		StepSeries series = new StepSeries(Labels.EMPTY, steps.count(), false);
		for (int i = 0; i < values.length; i++) {
			series.set(i, values[i]);
		}
		return new Value.Vector(List.of(series));
	}

	private static Value.Scalar scalar(Value.Vector vector, Steps steps) {
		double[] values = new double[steps.count()];
		for (int i = 0; i < values.length; i++) {
			int present = 0;
			for (StepSeries s : vector.series()) {
				if (s.has(i)) {
					present++;
					values[i] = s.values[i];
				}
			}
			if (present != 1) {
				values[i] = Double.NaN;
			}
		}
		return new Value.Scalar(values);
	}

	private static Value.Vector absent(Value.Vector vector, Expr arg, Steps steps) {
		StepSeries series = new StepSeries(absentLabels(arg), steps.count(), false);
		for (int i = 0; i < steps.count(); i++) {
			int step = i;
			if (vector.series().stream().noneMatch((s) -> s.has(step))) {
				series.set(i, 1);
			}
		}
		return new Value.Vector(series.present.isEmpty() ? List.of() : List.of(series));
	}

	private static Value.Vector absentOverTime(Value.Matrix matrix, Expr arg, Steps steps) {
		StepSeries series = new StepSeries(absentLabels(arg), steps.count(), false);
		for (int i = 0; i < steps.count(); i++) {
			long end = matrix.windowEnd(steps.time(i));
			long start = end - matrix.range();
			boolean any = false;
			for (RawSeries raw : matrix.series()) {
				if (raw.firstAtOrAfter(start) <= raw.lastAtOrBefore(end)) {
					any = true;
					break;
				}
			}
			if (!any) {
				series.set(i, 1);
			}
		}
		return new Value.Vector(series.present.isEmpty() ? List.of() : List.of(series));
	}

	/**
	 * The labels {@code absent} gives: those of the selector's equality matchers, but for
	 * the metric name and labels matched more than once.
	 */
	private static Labels absentLabels(Expr arg) {
		VectorSelector selector = (arg instanceof VectorSelector s) ? s
				: (arg instanceof MatrixSelector m) ? m.selector() : null;
		if (selector == null) {
			return Labels.EMPTY;
		}
		Labels labels = Labels.EMPTY;
		Set<String> seen = new HashSet<>();
		for (Matcher matcher : selector.matchers()) {
			if (matcher.name().equals(Labels.NAME)) {
				continue;
			}
			boolean first = seen.add(matcher.name());
			labels = (first && matcher.type() == Matcher.Type.EQ) ? labels.with(matcher.name(), matcher.value())
					: labels.with(matcher.name(), null);
		}
		return labels;
	}

	private static Value.Vector timestamp(Value.Vector vector, boolean ofSelector, Steps steps) {
		List<StepSeries> out = new ArrayList<>();
		for (StepSeries s : vector.series()) {
			StepSeries result = new StepSeries(s.labels.withoutName(), steps.count(), false);
			for (int i = s.present.nextSetBit(0); i >= 0; i = s.present.nextSetBit(i + 1)) {
				long time = (ofSelector && s.sampleTimes != null) ? s.sampleTimes[i] : steps.time(i);
				result.set(i, time / 1000.0);
			}
			out.add(result);
		}
		return new Value.Vector(out);
	}

	/** A function of each value; the result drops the metric name. */
	private static Value.Vector perValue(Value.Vector vector, Steps steps, StepFunction function) {
		List<StepSeries> out = new ArrayList<>();
		for (StepSeries s : vector.series()) {
			StepSeries result = new StepSeries(s.labels.withoutName(), steps.count(), false);
			for (int i = s.present.nextSetBit(0); i >= 0; i = s.present.nextSetBit(i + 1)) {
				Double value = function.apply(i, s.values[i]);
				if (value != null) {
					result.set(i, value);
				}
			}
			if (!result.present.isEmpty()) {
				out.add(result);
			}
		}
		return new Value.Vector(out);
	}

	private static DoubleUnaryOperator dateFunction(String name) {
		return switch (name) {
			case "minute" -> (v) -> date(v).getMinute();
			case "hour" -> (v) -> date(v).getHour();
			case "day_of_week" -> (v) -> date(v).getDayOfWeek().getValue() % 7;
			case "day_of_month" -> (v) -> date(v).getDayOfMonth();
			case "day_of_year" -> (v) -> date(v).getDayOfYear();
			case "days_in_month" -> (v) -> date(v).toLocalDate().lengthOfMonth();
			case "month" -> (v) -> date(v).getMonthValue();
			case "year" -> (v) -> date(v).getYear();
			default -> null;
		};
	}

	private static ZonedDateTime date(double seconds) {
		return Instant.ofEpochSecond((long) seconds).atZone(ZoneOffset.UTC);
	}

	/** A function of a step's value: {@code null} for none. */
	@FunctionalInterface
	private interface StepFunction {

		Double apply(int step, double value);

	}

}
