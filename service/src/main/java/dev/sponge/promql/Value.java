package dev.sponge.promql;

import java.util.List;

/** What evaluating an expression over the steps of a query gives. */
sealed interface Value {

	/** A scalar: one value per step. */
	record Scalar(double[] values) implements Value {
	}

	/** An instant vector at every step. */
	record Vector(List<StepSeries> series) implements Value {
	}

	/** A string. */
	record Str(String value) implements Value {
	}

	/**
	 * A range vector: the samples of each series, from which each step takes those of
	 * {@code [t - offset - range, t - offset]} ({@code t} the step's time, or the time of
	 * an {@code @} modifier).
	 *
	 * @param selector the selector read, {@code null} for a subquery
	 * @param fixedTime the {@code @} time, or {@code null}
	 */
	record Matrix(List<RawSeries> series, long range, long offset, Long fixedTime,
			Expr.VectorSelector selector) implements Value {

		long windowEnd(long stepTime) {
			return ((this.fixedTime != null) ? this.fixedTime : stepTime) - this.offset;
		}

	}

}
