package dev.sponge.promql;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import static java.util.Map.entry;

/** The element-wise math functions, as Go's math package computes them. */
final class MathFunctions {

	private static final Map<String, DoubleUnaryOperator> ALL = Map.ofEntries(entry("abs", Math::abs),
			entry("ceil", Math::ceil), entry("floor", Math::floor), entry("exp", Math::exp), entry("sqrt", Math::sqrt),
			entry("ln", Math::log), entry("log2", (v) -> Math.log(v) / Math.log(2)), entry("log10", Math::log10),
			entry("sgn", Math::signum), entry("sin", Math::sin), entry("cos", Math::cos), entry("tan", Math::tan),
			entry("asin", Math::asin), entry("acos", Math::acos), entry("atan", Math::atan), entry("sinh", Math::sinh),
			entry("cosh", Math::cosh), entry("tanh", Math::tanh),
			entry("asinh", (v) -> Double.isInfinite(v) ? v : Math.log(v + Math.sqrt(v * v + 1))),
			entry("acosh", (v) -> Math.log(v + Math.sqrt(v * v - 1))),
			entry("atanh", (v) -> 0.5 * Math.log((1 + v) / (1 - v))), entry("deg", Math::toDegrees),
			entry("rad", Math::toRadians));

	private MathFunctions() {
	}

	static DoubleUnaryOperator named(String name) {
		return ALL.get(name);
	}

}
