package dev.sponge.promql;

import java.util.List;

/** The tree of a parsed PromQL expression. Times and durations are milliseconds. */
public sealed interface Expr {

	ValueType type();

	/** A number literal. */
	record NumberLiteral(double value) implements Expr {
		@Override
		public ValueType type() {
			return ValueType.SCALAR;
		}
	}

	/** A string literal. */
	record StringLiteral(String value) implements Expr {
		@Override
		public ValueType type() {
			return ValueType.STRING;
		}
	}

	/**
	 * An instant vector selector.
	 *
	 * @param matchers every matcher, the metric name as {@code __name__="..."}
	 * @param offset the offset
	 * @param at the {@code @} time, {@code null} without one
	 */
	record VectorSelector(List<Matcher> matchers, long offset, At at) implements Expr {
		@Override
		public ValueType type() {
			return ValueType.VECTOR;
		}
	}

	/** A range vector selector: {@code selector[range]}. */
	record MatrixSelector(VectorSelector selector, long range) implements Expr {
		@Override
		public ValueType type() {
			return ValueType.MATRIX;
		}
	}

	/**
	 * A subquery: {@code expr[range:step]}, step 0 meaning the query's own.
	 */
	record Subquery(Expr expr, long range, long step, long offset, At at) implements Expr {
		@Override
		public ValueType type() {
			return ValueType.MATRIX;
		}
	}

	/** A function call. */
	record Call(Functions.Function function, List<Expr> args) implements Expr {
		@Override
		public ValueType type() {
			return this.function.returns();
		}
	}

	/**
	 * An aggregation.
	 *
	 * @param op the operator, lower case ({@code sum}, {@code topk}, ...)
	 * @param expr what is aggregated
	 * @param param the parameter of {@code topk}, {@code bottomk}, {@code quantile},
	 * {@code count_values}, else {@code null}
	 * @param grouping the labels of {@code by} or {@code without}
	 * @param without whether {@code grouping} lists the labels to drop
	 */
	record Aggregate(String op, Expr expr, Expr param, List<String> grouping, boolean without) implements Expr {
		@Override
		public ValueType type() {
			return ValueType.VECTOR;
		}
	}

	/**
	 * A binary operation.
	 *
	 * @param op the operator, lower case
	 * @param matching how the sides' series pair up, {@code null} unless both are vectors
	 * @param returnBool the comparison's {@code bool} modifier
	 */
	record Binary(String op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool) implements Expr {
		@Override
		public ValueType type() {
			return (this.lhs.type() == ValueType.SCALAR && this.rhs.type() == ValueType.SCALAR) ? ValueType.SCALAR
					: ValueType.VECTOR;
		}
	}

	/** Unary minus (unary plus leaves the tree as it was). */
	record Negation(Expr expr) implements Expr {
		@Override
		public ValueType type() {
			return this.expr.type();
		}
	}

	/**
	 * The {@code @} modifier.
	 *
	 * @param time epoch milliseconds, for {@code @ <number>}
	 * @param kind whether it is a time, {@code start()} or {@code end()}
	 */
	record At(long time, AtKind kind) {
	}

	/** What an {@code @} modifier names. */
	enum AtKind {

		TIME, START, END

	}

	/**
	 * How the series of two vectors pair up.
	 *
	 * @param card one-to-one, many-to-one ({@code group_left}), one-to-many
	 * ({@code group_right}), many-to-many (set operators)
	 * @param on whether {@code labels} are the labels to match on (else: to ignore)
	 * @param labels the labels of {@code on} or {@code ignoring}
	 * @param include the labels {@code group_left} or {@code group_right} copy from the
	 * "one" side
	 */
	record VectorMatching(Cardinality card, boolean on, List<String> labels, List<String> include) {
	}

	/** The cardinality of a vector matching. */
	enum Cardinality {

		ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY

	}

}
