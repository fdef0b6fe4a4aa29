package dev.sponge.promql;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.sponge.promql.ValueType.MATRIX;
import static dev.sponge.promql.ValueType.SCALAR;
import static dev.sponge.promql.ValueType.STRING;
import static dev.sponge.promql.ValueType.VECTOR;

/**
 * The signatures of Prometheus' functions (as its parser declares them), and which of
 * them Sponge evaluates. A function Prometheus does not know is a parse error; one it
 * knows and Sponge does not evaluate is refused with a 422 naming it.
 */
public final class Functions {

	private static final Map<String, Function> ALL = new HashMap<>();

	static {
		for (String name : List.of("abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10", "sgn", "sin", "cos",
				"tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "deg", "rad")) {
			add(name, List.of(VECTOR), 0, VECTOR, true);
		}
		for (String name : List.of("rate", "irate", "increase", "delta", "idelta", "resets", "changes", "deriv",
				"avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time", "last_over_time",
				"stddev_over_time", "stdvar_over_time", "present_over_time")) {
			add(name, List.of(MATRIX), 0, VECTOR, true);
		}
		add("quantile_over_time", List.of(SCALAR, MATRIX), 0, VECTOR, true);
		add("absent_over_time", List.of(MATRIX), 0, VECTOR, true);
		add("predict_linear", List.of(MATRIX, SCALAR), 0, VECTOR, true);
		add("round", List.of(VECTOR, SCALAR), 1, VECTOR, true);
		add("clamp", List.of(VECTOR, SCALAR, SCALAR), 0, VECTOR, true);
		add("clamp_min", List.of(VECTOR, SCALAR), 0, VECTOR, true);
		add("clamp_max", List.of(VECTOR, SCALAR), 0, VECTOR, true);
		add("histogram_quantile", List.of(SCALAR, VECTOR), 0, VECTOR, true);
		add("label_replace", List.of(VECTOR, STRING, STRING, STRING, STRING), 0, VECTOR, true);
		add("label_join", List.of(VECTOR, STRING, STRING, STRING), -1, VECTOR, true);
		add("absent", List.of(VECTOR), 0, VECTOR, true);
		add("vector", List.of(SCALAR), 0, VECTOR, true);
		add("scalar", List.of(VECTOR), 0, SCALAR, true);
		add("time", List.of(), 0, SCALAR, true);
		add("pi", List.of(), 0, SCALAR, true);
		add("timestamp", List.of(VECTOR), 0, VECTOR, true);
		add("sort", List.of(VECTOR), 0, VECTOR, true);
		add("sort_desc", List.of(VECTOR), 0, VECTOR, true);
		for (String name : List.of("day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute",
				"month", "year")) {
			add(name, List.of(VECTOR), 1, VECTOR, true);
		}
		add("holt_winters", List.of(MATRIX, SCALAR, SCALAR), 0, VECTOR, false);
		for (String name : List.of("histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev",
				"histogram_stdvar")) {
			add(name, List.of(VECTOR), 0, VECTOR, false);
		}
		add("histogram_fraction", List.of(SCALAR, SCALAR, VECTOR), 0, VECTOR, false);
		add("mad_over_time", List.of(MATRIX), 0, VECTOR, false);
	}

	private Functions() {
	}

	private static void add(String name, List<ValueType> args, int variadic, ValueType returns, boolean supported) {
		ALL.put(name, new Function(name, args, variadic, returns, supported));
	}

	/** The function of that name, or {@code null} when Prometheus has none. */
	static Function named(String name) {
		return ALL.get(name);
	}

	/**
	 * A function's signature.
	 *
	 * @param name its name
	 * @param args its argument types
	 * @param variadic 0: exactly {@code args}; n > 0: the last n may be left out; -1: the
	 * last may repeat
	 * @param returns what it returns
	 * @param supported whether Sponge evaluates it
	 */
	public record Function(String name, List<ValueType> args, int variadic, ValueType returns, boolean supported) {
	}

}
