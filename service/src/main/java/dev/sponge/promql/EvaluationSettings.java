package dev.sponge.promql;

/**
 * Prometheus' evaluation settings.
 *
 * @param lookback how far back an instant selector looks for a sample (Prometheus:
 * {@code --query.lookback-delta}, 5 minutes)
 * @param subqueryStep the step of a subquery that names none (Prometheus: the global
 * evaluation interval, 1 minute)
 * @param maxPointsPerSeries most steps of a range query (Prometheus: 11,000)
 */
public record EvaluationSettings(long lookback, long subqueryStep, int maxPointsPerSeries) {

	/** Prometheus' defaults. */
	public static final EvaluationSettings PROMETHEUS = new EvaluationSettings(300_000, 60_000, 11_000);

}
