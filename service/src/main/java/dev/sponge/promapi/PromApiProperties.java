package dev.sponge.promapi;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Prometheus query API's limits and evaluation settings.
 *
 * @param maxSamples most stored samples one PromQL query may read (all its selectors
 * together, 16 bytes each in memory while it is evaluated); beyond, the query is refused
 * with a 422 naming this property
 * @param maxMetricsPerSelector most metric names a selector without an exact metric name
 * ({@code {job="api"}}, {@code {__name__=~"http_.*"}}) may look at: each is one more
 * catalogue read; beyond, the query is refused with a 422
 * @param lookbackDelta how far back an instant selector looks for a sample, as
 * Prometheus' {@code --query.lookback-delta}
 * @param defaultSubqueryStep the step of a subquery that names none, as Prometheus'
 * global evaluation interval
 * @param maxPointsPerSeries most steps of a range query, as in Prometheus
 * @param defaultSeriesRange range of {@code series}, {@code labels} and
 * {@code label/<name>/values} when {@code start} is not given
 * @param readPageSize rows fetched per round trip when a selector's points are read: a
 * query holds every sample it reads until it is evaluated (bounded by
 * {@code max-samples}), so small pages bound no memory and only add round trips; the
 * default reads a day of 30-second samples of one series in one
 */
@Validated
@ConfigurationProperties("sponge.prom")
public record PromApiProperties(@DefaultValue("2000000") @Min(1) @Max(Integer.MAX_VALUE - 1) long maxSamples,
		@DefaultValue("1000") @Min(1) int maxMetricsPerSelector, @DefaultValue("5m") @NotNull Duration lookbackDelta,
		@DefaultValue("1m") @NotNull Duration defaultSubqueryStep,
		@DefaultValue("11000") @Min(1) int maxPointsPerSeries, @DefaultValue("1d") @NotNull Duration defaultSeriesRange,
		@DefaultValue("5000") @Min(1) @Max(100000) int readPageSize) {

}
