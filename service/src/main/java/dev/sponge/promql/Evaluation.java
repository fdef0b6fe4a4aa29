package dev.sponge.promql;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.sponge.promql.Expr.Aggregate;
import dev.sponge.promql.Expr.At;
import dev.sponge.promql.Expr.AtKind;
import dev.sponge.promql.Expr.Binary;
import dev.sponge.promql.Expr.Call;
import dev.sponge.promql.Expr.MatrixSelector;
import dev.sponge.promql.Expr.Negation;
import dev.sponge.promql.Expr.NumberLiteral;
import dev.sponge.promql.Expr.StringLiteral;
import dev.sponge.promql.Expr.Subquery;
import dev.sponge.promql.Expr.VectorSelector;

/**
 * One evaluation of a tree over the steps of a query, on samples already read: pure
 * computation, as Prometheus' engine evaluates (lookback, closed ranges, step times).
 */
final class Evaluation {

	private final Map<VectorSelector, List<RawSeries>> data;

	private final EvaluationSettings settings;

	/** The query's own start and end, for {@code @ start()} and {@code @ end()}. */
	private final Steps query;

	Evaluation(Map<VectorSelector, List<RawSeries>> data, EvaluationSettings settings, Steps query) {
		this.data = data;
		this.settings = settings;
		this.query = query;
	}

	Value eval(Expr expr, Steps steps) {
		if (expr instanceof NumberLiteral number) {
			return scalar(steps, number.value());
		}
		if (expr instanceof StringLiteral string) {
			return new Value.Str(string.value());
		}
		if (expr instanceof VectorSelector selector) {
			return select(selector, steps);
		}
		if (expr instanceof MatrixSelector matrix) {
			return new Value.Matrix(this.data.get(matrix.selector()), matrix.range(), matrix.selector().offset(),
					atTime(matrix.selector().at()), matrix.selector());
		}
		if (expr instanceof Subquery subquery) {
			return subquery(subquery, steps);
		}
		if (expr instanceof Negation negation) {
			return negate(eval(negation.expr(), steps));
		}
		if (expr instanceof Binary binary) {
			return BinaryOps.eval(binary, eval(binary.lhs(), steps), eval(binary.rhs(), steps), steps);
		}
		if (expr instanceof Aggregate aggregate) {
			return Aggregations.eval(aggregate, (Value.Vector) eval(aggregate.expr(), steps),
					(aggregate.param() != null) ? eval(aggregate.param(), steps) : null, steps);
		}
		return Calls.eval((Call) expr, this, steps);
	}

	Long atTime(At at) {
		if (at == null) {
			return null;
		}
		return switch (at.kind()) {
			case TIME -> at.time();
			case START -> this.query.start();
			case END -> this.query.end();
		};
	}

	static Value.Scalar scalar(Steps steps, double value) {
		double[] values = new double[steps.count()];
		java.util.Arrays.fill(values, value);
		return new Value.Scalar(values);
	}

	/**
	 * An instant selector: at each step, the newest sample no older than the lookback
	 * delta.
	 */
	private Value.Vector select(VectorSelector selector, Steps steps) {
		List<StepSeries> out = new ArrayList<>();
		Long fixed = atTime(selector.at());
		long lookback = this.settings.lookback();
		for (RawSeries raw : this.data.get(selector)) {
			StepSeries series = new StepSeries(raw.labels(), steps.count(), true);
			for (int i = 0; i < steps.count(); i++) {
				long ref = ((fixed != null) ? fixed : steps.time(i)) - selector.offset();
				int last = raw.lastAtOrBefore(ref);
				if (last >= 0 && raw.ts()[last] >= ref - lookback) {
					series.set(i, raw.values()[last]);
					series.sampleTimes[i] = raw.ts()[last];
				}
			}
			if (!series.present.isEmpty()) {
				out.add(series);
			}
		}
		return new Value.Vector(out);
	}

	/**
	 * A subquery: its expression evaluated at the multiples of its step that fall in the
	 * ranges of the query's steps, as a range vector.
	 */
	private Value.Matrix subquery(Subquery subquery, Steps steps) {
		Steps inner = subquerySteps(subquery, steps, atTime(subquery.at()), this.settings.subqueryStep());
		Value value = eval(subquery.expr(), inner);
		List<RawSeries> series = new ArrayList<>();
		for (StepSeries s : ((Value.Vector) value).series()) {
			int n = s.present.cardinality();
			long[] ts = new long[n];
			double[] vs = new double[n];
			int j = 0;
			for (int i = s.present.nextSetBit(0); i >= 0; i = s.present.nextSetBit(i + 1)) {
				ts[j] = inner.time(i);
				vs[j++] = s.values[i];
			}
			series.add(new RawSeries(s.labels, ts, vs));
		}
		return new Value.Matrix(series, subquery.range(), subquery.offset(), atTime(subquery.at()), null);
	}

	/** The inner steps of a subquery evaluated over {@code steps}. */
	static Steps subquerySteps(Subquery subquery, Steps steps, Long fixed, long defaultStep) {
		long step = (subquery.step() != 0) ? subquery.step() : defaultStep;
		long outerStart = (fixed != null) ? fixed : steps.start();
		long outerEnd = (fixed != null) ? fixed : steps.end();
		long mint = outerStart - subquery.offset() - subquery.range();
		long start = Math.floorDiv(mint, step) * step;
		if (start < mint) {
			start += step;
		}
		long end = outerEnd - subquery.offset();
		if (end < start) {
			end = start;
		}
		return new Steps(start, end, step);
	}

	private static Value negate(Value value) {
		if (value instanceof Value.Scalar scalar) {
			double[] out = new double[scalar.values().length];
			for (int i = 0; i < out.length; i++) {
				out[i] = -scalar.values()[i];
			}
			return new Value.Scalar(out);
		}
		List<StepSeries> out = new ArrayList<>();
		for (StepSeries s : ((Value.Vector) value).series()) {
			StepSeries negated = new StepSeries(s.labels.withoutName(), s.values.length, false);
			for (int i = s.present.nextSetBit(0); i >= 0; i = s.present.nextSetBit(i + 1)) {
				negated.set(i, -s.values[i]);
			}
			out.add(negated);
		}
		return new Value.Vector(out);
	}

	/** Every vector selector of a tree, and the time range of samples each needs. */
	static Map<VectorSelector, long[]> plan(Expr expr, Steps query, EvaluationSettings settings) {
		Map<VectorSelector, long[]> windows = new IdentityHashMap<>();
		plan(expr, query, query, settings, windows);
		return windows;
	}

	private static void plan(Expr expr, Steps steps, Steps query, EvaluationSettings settings,
			Map<VectorSelector, long[]> windows) {
		if (expr instanceof VectorSelector selector) {
			window(selector, settings.lookback(), steps, query, windows);
		}
		else if (expr instanceof MatrixSelector matrix) {
			window(matrix.selector(), matrix.range(), steps, query, windows);
		}
		else if (expr instanceof Subquery subquery) {
			plan(subquery.expr(), subquerySteps(subquery, steps, fixed(subquery.at(), query), settings.subqueryStep()),
					query, settings, windows);
		}
		else if (expr instanceof Negation negation) {
			plan(negation.expr(), steps, query, settings, windows);
		}
		else if (expr instanceof Binary binary) {
			plan(binary.lhs(), steps, query, settings, windows);
			plan(binary.rhs(), steps, query, settings, windows);
		}
		else if (expr instanceof Aggregate aggregate) {
			plan(aggregate.expr(), steps, query, settings, windows);
			if (aggregate.param() != null) {
				plan(aggregate.param(), steps, query, settings, windows);
			}
		}
		else if (expr instanceof Call call) {
			call.args().forEach((arg) -> plan(arg, steps, query, settings, windows));
		}
	}

	private static Long fixed(At at, Steps query) {
		if (at == null) {
			return null;
		}
		return (at.kind() == AtKind.TIME) ? at.time() : (at.kind() == AtKind.START) ? query.start() : query.end();
	}

	private static void window(VectorSelector selector, long range, Steps steps, Steps query,
			Map<VectorSelector, long[]> windows) {
		Long fixed = fixed(selector.at(), query);
		long from = ((fixed != null) ? fixed : steps.start()) - selector.offset() - range;
		long to = ((fixed != null) ? fixed : steps.end()) - selector.offset();
		long[] window = windows.get(selector);
		if (window == null) {
			windows.put(selector, new long[] { from, to });
		}
		else {
			window[0] = Math.min(window[0], from);
			window[1] = Math.max(window[1], to);
		}
	}

}
