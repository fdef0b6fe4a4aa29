package dev.sponge.promql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.sponge.promql.Expr.Call;
import dev.sponge.promql.Expr.VectorSelector;

/**
 * Evaluates PromQL trees as Prometheus' engine does: first reads, through a
 * {@link SampleSource}, the samples every selector needs over the whole query (a few
 * selectors at a time), then computes step by step on the parallel scheduler, never on
 * the thread that delivered the samples.
 */
public final class Evaluator {

	/** Selectors of one query read at once. */
	private static final int SELECTOR_CONCURRENCY = 4;

	private final EvaluationSettings settings;

	public Evaluator(EvaluationSettings settings) {
		this.settings = settings;
	}

	/** {@code expr} at {@code time} (epoch milliseconds). */
	public Mono<QueryResult> instant(Expr expr, long time, SampleSource source) {
		Steps steps = new Steps(time, time, 1);
		return evaluate(expr, steps, source).map((value) -> instantResult(expr, value, steps));
	}

	/** {@code expr} at every {@code step} from {@code start} to {@code end}. */
	public Mono<QueryResult> range(Expr expr, long start, long end, long step, SampleSource source) {
		if (step <= 0) {
			throw new PromQLException(PromQLException.Kind.BAD_DATA,
					"zero or negative query resolution step widths are not accepted. Try a positive integer");
		}
		if (end < start) {
			throw new PromQLException(PromQLException.Kind.BAD_DATA, "end timestamp must not be before start time");
		}
		if ((end - start) / step >= this.settings.maxPointsPerSeries()) {
			throw new PromQLException(PromQLException.Kind.BAD_DATA,
					"exceeded maximum resolution of " + this.settings.maxPointsPerSeries()
							+ " points per timeseries. Try decreasing the query resolution (?step=XX)");
		}
		if (expr.type() != ValueType.SCALAR && expr.type() != ValueType.VECTOR) {
			throw new PromQLException(PromQLException.Kind.BAD_DATA,
					"invalid expression type \""
							+ ((expr.type() == ValueType.MATRIX) ? "range vector" : expr.type().wireName())
							+ "\" for range query, must be Scalar or instant Vector");
		}
		Steps steps = new Steps(start, end, step);
		return evaluate(expr, steps, source).map((value) -> rangeResult(value, steps));
	}

	private Mono<Value> evaluate(Expr expr, Steps steps, SampleSource source) {
		Map<VectorSelector, long[]> plan = Evaluation.plan(expr, steps, this.settings);
		return Flux.fromIterable(plan.entrySet())
			.flatMap((entry) -> source.select(entry.getKey().matchers(), entry.getValue()[0], entry.getValue()[1])
				.map((series) -> Map.entry(entry.getKey(), series)), SELECTOR_CONCURRENCY)
			.collectList()
			.publishOn(Schedulers.parallel())
			.map((entries) -> {
				Map<VectorSelector, List<RawSeries>> data = new IdentityHashMap<>();
				// In label order, as Prometheus' storage hands series out: ties (topk,
				// bottomk) go to the series first in that order.
				entries.forEach((entry) -> {
					List<RawSeries> series = new ArrayList<>(entry.getValue());
					series.sort(Comparator.comparing(RawSeries::labels));
					data.put(entry.getKey(), series);
				});
				return new Evaluation(data, this.settings, steps).eval(expr, steps);
			});
	}

	private static QueryResult instantResult(Expr expr, Value value, Steps steps) {
		long time = steps.start();
		if (value instanceof Value.Scalar scalar) {
			return new QueryResult(ValueType.SCALAR, null, time, scalar.values()[0], null);
		}
		if (value instanceof Value.Str string) {
			return new QueryResult(ValueType.STRING, null, time, 0, string.value());
		}
		List<QueryResult.Series> series = new ArrayList<>();
		if (value instanceof Value.Matrix matrix) {
			long end = matrix.windowEnd(time);
			long start = end - matrix.range();
			for (RawSeries raw : matrix.series()) {
				int from = raw.firstAtOrAfter(start);
				int to = raw.lastAtOrBefore(end) + 1;
				if (from < to) {
					series.add(new QueryResult.Series(raw.labels(), java.util.Arrays.copyOfRange(raw.ts(), from, to),
							java.util.Arrays.copyOfRange(raw.values(), from, to)));
				}
			}
			series.sort(Comparator.comparing(QueryResult.Series::labels));
			return new QueryResult(ValueType.MATRIX, series, time, 0, null);
		}
		for (StepSeries s : ((Value.Vector) value).series()) {
			if (s.has(0)) {
				series.add(new QueryResult.Series(s.labels, new long[] { time }, new double[] { s.values[0] }));
			}
		}
		series.sort(order(expr));
		return new QueryResult(ValueType.VECTOR, series, time, 0, null);
	}

	/** By labels, but by value for {@code sort} and {@code sort_desc}, as asked. */
	private static Comparator<QueryResult.Series> order(Expr expr) {
		if (expr instanceof Call call && call.function().name().startsWith("sort")) {
			Comparator<QueryResult.Series> byValue = Comparator.comparingDouble((s) -> s.values()[0]);
			return call.function().name().equals("sort") ? byValue : byValue.reversed();
		}
		return Comparator.comparing(QueryResult.Series::labels);
	}

	private static QueryResult rangeResult(Value value, Steps steps) {
		List<QueryResult.Series> series = new ArrayList<>();
		if (value instanceof Value.Scalar scalar) {
			long[] ts = new long[steps.count()];
			for (int i = 0; i < ts.length; i++) {
				ts[i] = steps.time(i);
			}
			series.add(new QueryResult.Series(Labels.EMPTY, ts, scalar.values().clone()));
		}
		else {
			for (StepSeries s : ((Value.Vector) value).series()) {
				int n = s.present.cardinality();
				long[] ts = new long[n];
				double[] values = new double[n];
				int j = 0;
				for (int i = s.present.nextSetBit(0); i >= 0; i = s.present.nextSetBit(i + 1)) {
					ts[j] = steps.time(i);
					values[j++] = s.values[i];
				}
				if (n > 0) {
					series.add(new QueryResult.Series(s.labels, ts, values));
				}
			}
			series.sort(Comparator.comparing(QueryResult.Series::labels));
		}
		return new QueryResult(ValueType.MATRIX, series, steps.start(), 0, null);
	}

}
