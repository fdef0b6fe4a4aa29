package dev.sponge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes a {@link Report} as {@code bench-report.json} and {@code bench-report.md}. */
final class ReportWriter {

	static final String JSON_FILE = "bench-report.json";

	static final String MARKDOWN_FILE = "bench-report.md";

	private ReportWriter() {
	}

	static void write(Report report, Path directory) {
		try {
			Files.createDirectories(directory);
			JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
			Files.writeString(directory.resolve(JSON_FILE), json.writeValueAsString(report));
			Files.writeString(directory.resolve(MARKDOWN_FILE), markdown(report));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String markdown(Report r) {
		StringBuilder md = new StringBuilder();
		md.append(f("Run of %s, %.0f s; flags %s.%n", r.started(), r.seconds(), r.options()));
		md.append(f("Machine: %d cores; one-minute load average %.2f at start, mean %.2f, max %.2f during the run.%n%n",
				r.load().cores(), r.load().atStart(), r.load().mean(), r.load().max()));
		md.append(f(
				"Measured ingest in %s rounds: each round runs %s s of every path in turn, forwards in odd rounds and backwards in even ones.%n%n",
				r.options().get("rounds"), sliceSeconds(r)));
		md.append("| ingest path | points/s | new series/s | points | requests | errors | request p50 / p99 ms "
				+ "| service CPU s per M points | service Cassandra requests per 1,000 points "
				+ "| Cassandra CPU s per M points | lighttpd CPU s per M points | service heap peak MiB |\n");
		md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		for (Report.Ingest i : r.ingest()) {
			LoadLoop.Phase p = i.phase();
			md.append(f("| %s | %,.0f | %s | %,d | %,d | %d | %.0f / %.0f | %s | %s | %s | %s | %s |%n", p.name(),
					p.pointsPerSecond(), (i.newSeriesPerSecond() > 0) ? f("%,.0f", i.newSeriesPerSecond()) : "-",
					p.points(), p.requests(), p.errors(), p.requestLatency().p50(), p.requestLatency().p99(),
					orDash(i.serviceCpuSecondsPerMillionPoints()),
					Double.isNaN(i.cassandraRequestsPerThousandPoints()) ? "-"
							: f("%.2f", i.cassandraRequestsPerThousandPoints()),
					orDash(i.cassandraCpuSecondsPerMillionPoints()), orDash(i.edgeCpuSecondsPerMillionPoints()),
					(i.serviceHeapPeakMiB() > 0) ? Long.toString(i.serviceHeapPeakMiB()) : "-"));
		}
		md.append("\n| ratio | value |\n| --- | ---: |\n");
		r.ratios().forEach((name, value) -> md.append(f("| %s | %.2f |%n", name, value)));
		LagMarkdown.append(md, r);
		QueryData.Readiness rollups = r.queryRollups();
		md.append(rollups.complete()
				? f("%nQuery data: the day's rollup_1m rows (1,440, holding all 86,400 points) were complete %.1f s "
						+ "after the load; the driver's one-day average reads them (sum / count per row).%n",
						rollups.waitedSeconds())
				: f("%nQuery data: the day's rollup_1m rows were still incomplete %.0f s after the load: no "
						+ "like-for-like driver baseline for the one-day average.%n", rollups.waitedSeconds()));
		md.append("\n| query | via | p50 ms | p90 ms | p99 ms | max ms | repeats |\n");
		md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
		for (QueryBench.Result q : r.queries()) {
			LoadLoop.Latency l = q.latency();
			md.append(f("| %s | %s | %.1f | %.1f | %.1f | %.1f | %d |%n", q.query(), q.target(), l.p50(), l.p90(),
					l.p99(), l.max(), l.count()));
		}
		md.append(warmups(r));
		md.append("\n| query ratio (p50 over the driver's p50) | value |\n| --- | ---: |\n");
		r.queryRatios().forEach((name, value) -> md.append(f("| %s | %.2f |%n", name, value)));
		MemoryMarkdown.append(md, r);
		FairnessMarkdown.append(md, r);
		PromQLMarkdown.append(md, r);
		Verifier.Result v = r.verification();
		md.append(f("%nStored: %,d acknowledged points, %,d rows found, %d acknowledged missing.%s%n", v.acknowledged(),
				v.stored(), v.missing(),
				v.problems().isEmpty() ? "" : " Problems: " + String.join("; ", v.problems())));
		md.append("\n| target | met |\n| --- | --- |\n");
		for (Map.Entry<String, Boolean> t : r.targets().entrySet()) {
			md.append(f("| %s | %s |%n", t.getKey(), (t.getValue() == null) ? "not measured" : yesNo(t.getValue())));
		}
		return md.toString();
	}

	private static String sliceSeconds(Report r) {
		return f("%.1f", ((Number) r.options().get("durationSeconds")).doubleValue()
				/ ((Number) r.options().get("rounds")).doubleValue());
	}

	/** How long each query warmed up, and whether the service's JIT was quiet by then. */
	private static String warmups(Report r) {
		Map<String, String> byQuery = new LinkedHashMap<>();
		for (QueryBench.Result q : r.queries()) {
			byQuery.putIfAbsent(q.query(), f("%s %.0f s%s", q.query(), q.warmupSeconds(),
					(q.jitQuiet() == null) ? "" : q.jitQuiet() ? " (quiet)" : " (**still compiling**)"));
		}
		if (byQuery.isEmpty()) {
			return "";
		}
		return f("%nWarm-up before each query's measured repeats (at least --query-warmup, then until the service's "
				+ "JIT compiled for under %.0f %% of %d s by jvm_compilation_time_ms_total, at most %d s more): %s.%n",
				JitWarmup.QUIET_SHARE * 100, JitWarmup.WINDOW.toSeconds(), JitWarmup.MAX_EXTRA.toSeconds(),
				String.join("; ", byQuery.values()));
	}

	/** yes, **no**, or n/a for what was not measured. */
	static String yesNo(Boolean value) {
		return (value == null) ? "n/a" : (value ? "yes" : "**no**");
	}

	static String orDash(double value) {
		return (value > 0) ? f("%.1f", value) : "-";
	}

	static String f(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

}
