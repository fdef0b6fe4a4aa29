package dev.sponge.bench;

import static dev.sponge.bench.ReportWriter.f;
import static dev.sponge.bench.ReportWriter.yesNo;

/**
 * The rollup lag table of the markdown report: one row per phase through the service,
 * "n/a" where the service does not export {@value ServiceMetrics#ROLLUP_LAG}.
 */
final class LagMarkdown {

	private LagMarkdown() {
	}

	static void append(StringBuilder md, Report r) {
		md.append(f(
				"%n| rollup lag (%s), bound %s s | max during s | max after s | back within bound after s "
						+ "| within bound | service CPU s per M points while catching up |%n",
				ServiceMetrics.ROLLUP_LAG, r.options().get("lagBoundSeconds")));
		md.append("| --- | ---: | ---: | ---: | --- | ---: |\n");
		for (Report.Ingest i : r.ingest()) {
			row(md, i.phase().name(), i.rollupLag());
		}
		RollupLag.CatchUp q = r.lagBeforeQueries();
		md.append(f("| before the queries | - | %s | %s | %s | - |%n", q.present() ? f("%.1f", q.maxSeconds()) : "n/a",
				q.present() ? f("%.1f", q.waitedSeconds()) : "n/a", q.present() ? yesNo(q.withinBound()) : "n/a"));
		if (r.soak() != null) {
			row(md, "soak NDJSON", r.soak().rollupLag());
		}
		if (r.upload() != null) {
			row(md, "upload at -Xmx256m", r.upload().rollupLag());
		}
	}

	private static void row(StringBuilder md, String phase, PhaseLag lag) {
		if (lag == null) {
			return;
		}
		md.append(f("| %s | %s | %s | %s | %s | %s |%n", phase, seconds(lag.maxDuringSeconds()),
				seconds(lag.maxAfterSeconds()), seconds(lag.backWithinBoundSeconds()), yesNo(lag.withinBound()),
				seconds(lag.catchUpCpuSecondsPerMillionPoints())));
	}

	private static String seconds(Double value) {
		return (value == null) ? "n/a" : f("%.1f", value);
	}

}
