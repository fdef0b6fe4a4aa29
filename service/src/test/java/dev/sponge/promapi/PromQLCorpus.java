package dev.sponge.promapi;

import java.util.List;

/**
 * The PromQL expressions run against Sponge and Debian's Prometheus on the same data
 * ({@link PromQLComparisonIntegrationTest}): every construct Sponge evaluates.
 */
final class PromQLCorpus {

	private PromQLCorpus() {
	}

	/** Expressions of instant-vector or scalar type: run as instant and range queries. */
	static final List<String> EXPRESSIONS = List.of(
	// @formatter:off
		// selectors
		"cmp_requests_total", "cmp_requests_total{job=\"api\"}", "cmp_requests_total{job!=\"api\"}",
		"cmp_requests_total{instance=~\"a|b\"}", "cmp_requests_total{instance!~\"a.*\"}",
		"cmp_requests_total{job=~\"ap\"}", "cmp_requests_total offset 5m", "cmp_temperature", "cmp_sparse",
		"{__name__=~\"cmp_temp.*\"}", "cmp_temperature offset -2m",
		// counters
		"rate(cmp_requests_total[1m])", "rate(cmp_requests_total[5m])", "rate(cmp_requests_total[3m] offset 2m)",
		"irate(cmp_requests_total[1m])", "increase(cmp_requests_total[5m])", "increase(cmp_requests_total[10m])",
		"resets(cmp_requests_total[10m])", "changes(cmp_requests_total[10m])", "changes(cmp_temperature[10m])",
		"delta(cmp_temperature[5m])", "idelta(cmp_temperature[5m])", "deriv(cmp_temperature[10m])",
		"predict_linear(cmp_temperature[10m], 120)", "rate(cmp_sparse[10m])",
		// over time
		"avg_over_time(cmp_temperature[5m])", "min_over_time(cmp_temperature[5m])",
		"max_over_time(cmp_temperature[10m])", "sum_over_time(cmp_temperature[5m])",
		"count_over_time(cmp_temperature[5m])", "last_over_time(cmp_temperature[5m])",
		"quantile_over_time(0.3, cmp_temperature[10m])", "stddev_over_time(cmp_temperature[10m])",
		"stdvar_over_time(cmp_temperature[10m])", "present_over_time(cmp_sparse[5m])",
		"count_over_time(cmp_sparse[10m])", "absent_over_time(cmp_nothing{job=\"x\"}[5m])",
		"absent_over_time(cmp_sparse[3m])",
		// aggregations
		"sum(cmp_requests_total)", "sum by (job) (cmp_requests_total)", "sum without (instance) (cmp_requests_total)",
		"avg by (job) (rate(cmp_requests_total[5m]))", "min(cmp_temperature)", "max by (site) (cmp_temperature)",
		"count(cmp_requests_total)", "count by (job) (cmp_requests_total)", "stddev(cmp_temperature)",
		"stdvar(cmp_requests_total)", "topk(2, cmp_requests_total)", "bottomk(1, cmp_temperature)",
		"topk by (job) (1, cmp_requests_total)", "quantile(0.9, cmp_requests_total)",
		"quantile by (job) (0.5, cmp_requests_total)", "count_values(\"v\", floor(cmp_temperature))",
		"group by (job) (cmp_requests_total)", "sum(rate(cmp_requests_total[5m])) by (job)",
		// binary operators
		"cmp_requests_total * 2", "2 - cmp_temperature", "cmp_temperature > 20", "cmp_temperature > bool 20",
		"20 < cmp_temperature", "1 < bool 2", "1 + 2 * 3 ^ 2", "-cmp_temperature", "cmp_temperature ^ 2",
		"cmp_temperature % 3", "cmp_temperature / 0", "rate(cmp_requests_total[5m]) / on (job, instance) cmp_requests_total",
		"cmp_requests_total / ignoring (instance) group_left cmp_info",
		"cmp_requests_total * on (job) group_left (version) cmp_info",
		"cmp_info * on (job) group_right (version) cmp_requests_total",
		"cmp_requests_total > on (job, instance) cmp_requests_total offset 5m",
		"cmp_requests_total and cmp_requests_total{instance=\"a\"}", "cmp_requests_total or cmp_temperature",
		"cmp_requests_total unless on (job) cmp_info", "cmp_temperature == bool on (site) cmp_temperature",
		"sum(cmp_requests_total) - sum(cmp_requests_total offset 1m)",
		// histograms
		"histogram_quantile(0.9, rate(cmp_latency_seconds_bucket[5m]))",
		"histogram_quantile(0.5, sum by (le) (rate(cmp_latency_seconds_bucket[5m])))",
		"histogram_quantile(0.99, cmp_latency_seconds_bucket)",
		"rate(cmp_latency_seconds_sum[5m]) / rate(cmp_latency_seconds_count[5m])",
		// functions
		"abs(-cmp_temperature)", "ceil(cmp_temperature / 3)", "floor(cmp_temperature / 3)",
		"round(cmp_temperature / 3)", "round(cmp_temperature, 0.5)", "sqrt(cmp_temperature)", "exp(cmp_temperature / 10)",
		"ln(cmp_temperature)", "log2(cmp_temperature)", "log10(cmp_temperature)", "sgn(cmp_temperature - 20)",
		"clamp(cmp_temperature, 19, 21)", "clamp_min(cmp_temperature, 20)", "clamp_max(cmp_temperature, 20)",
		"label_replace(cmp_temperature, \"s\", \"$1-x\", \"site\", \"(.).*\")",
		"label_replace(cmp_temperature, \"site\", \"\", \"site\", \"lab\")",
		"label_join(cmp_requests_total, \"id\", \"/\", \"job\", \"instance\")", "absent(cmp_nothing{job=\"x\"})",
		"absent(cmp_temperature)", "vector(1)", "scalar(sum(cmp_temperature))", "time()",
		"timestamp(cmp_temperature)", "timestamp(cmp_sparse)", "minute(timestamp(cmp_temperature))",
		"hour()", "day_of_week()", "sort(cmp_temperature)", "sort_desc(cmp_requests_total)",
		// subqueries
		"max_over_time(rate(cmp_requests_total[1m])[10m:1m])", "avg_over_time(cmp_temperature[5m:30s])",
		"min_over_time(sum(cmp_temperature)[15m:])", "rate(cmp_requests_total[5m:1m])",
		"max_over_time(cmp_temperature[10m:2m] offset 3m)");
	// @formatter:on

}
