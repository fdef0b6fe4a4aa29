package dev.sponge.bench;

import static dev.sponge.bench.ReportWriter.f;
import static dev.sponge.bench.ReportWriter.yesNo;

/**
 * The PromQL section of the markdown report: what was loaded, one row per query and
 * source, and the ratios to the driver (the service's is the target, Prometheus' is
 * beside it).
 */
final class PromQLMarkdown {

	private PromQLMarkdown() {
	}

	static void append(StringBuilder md, Report r) {
		PromQLPhase.Result promql = r.promql();
		if (promql == null) {
			return;
		}
		md.append(f("%nPromQL: %,d samples (100 series of %s over 24 h 10 min, 1,000 series of %s in 10 groups over "
				+ "70 min, 30 s apart) written by remote-write to the service and to Debian's Prometheus in %.1f s; "
				+ "Prometheus had compacted its head before the queries: %s. The driver reads the points partitions "
				+ "of the selected series over the range and lookback, %d series at a time.%n%n", promql.points(),
				PromQLData.RANGE_METRIC, PromQLData.GROUP_METRIC, promql.loadSeconds(),
				yesNo(promql.prometheusCompacted()), PromQLBench.DRIVER_CONCURRENCY));
		md.append("| PromQL query | expression | rows read | answer series x samples | via | p50 ms | p95 ms "
				+ "| max ms | repeats | 503s |\n");
		md.append("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n");
		for (PromQLBench.Measured q : promql.queries()) {
			for (PromQLBench.Row row : q.latencies()) {
				md.append(f("| %s | `%s` | %,d | %d x %,d | %s | %.1f | %.1f | %.1f | %d | %s |%n", q.query(), q.expr(),
						q.rowsRead(), q.series(), q.samples() / Math.max(1, q.series()), row.source(), row.p50(),
						row.p95(), row.max(), row.count(), (row.failures() > 0) ? "**" + row.failures() + "**" : "0"));
			}
		}
		md.append("\n| PromQL ratio (p50 over the driver's p50) | value | service and Prometheus agree |\n");
		md.append("| --- | ---: | --- |\n");
		for (PromQLBench.Measured q : promql.queries()) {
			q.ratios()
				.forEach((name, value) -> md
					.append(f("| %s, %s | %.2f | %s |%n", q.query(), name, value, yesNo(q.answersAgree()))));
		}
	}

}
