package dev.sponge.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The targets of docs/performance.md, all judged from one run: each met, missed, or
 * {@code null} when this run did not measure it (no lighttpd, no soak, no upload of 10
 * million points, no rollup lag exported, no fairness phase, no PromQL phase).
 */
final class Targets {

	static final double SERVICE_OVER_DRIVER = 0.70;

	static final double MAX_CPU_SECONDS_PER_MILLION_POINTS = 8.0;

	static final double EDGE_OVER_DIRECT = 0.90;

	static final double DENSE_OVER_SPARSE = 0.90;

	static final double NEW_SERIES_PER_SECOND = 10_000;

	static final double LATEST_OVER_DRIVER = 3.0;

	static final double RAW_OVER_DRIVER = 2.0;

	static final double AGGREGATION_OVER_DRIVER = 2.0;

	static final long UPLOAD_POINTS = 10_000_000;

	static final double PROMQL_OVER_DRIVER = 1.5;

	private Targets() {
	}

	static Map<String, Boolean> judge(Report r) {
		Map<String, Boolean> t = new LinkedHashMap<>();
		t.put("service JSON >= 0.70 of driver", atLeast(r.ratios().get("service JSON / driver"), SERVICE_OVER_DRIVER));
		t.put("service NDJSON >= 0.70 of driver",
				atLeast(r.ratios().get("service NDJSON / driver"), SERVICE_OVER_DRIVER));
		t.put("service remote-write >= 0.70 of driver (Prometheus-shaped)",
				atLeast(r.ratios().get("service remote-write / driver remote-write shape"), SERVICE_OVER_DRIVER));
		t.put("service JSON <= 8 CPU s per million points", cpu(r, "service JSON"));
		t.put("service NDJSON <= 8 CPU s per million points", cpu(r, "service NDJSON"));
		t.put("lighttpd JSON >= 0.90 of direct",
				atLeast(r.ratios().get("lighttpd JSON / service JSON"), EDGE_OVER_DIRECT));
		t.put("lighttpd NDJSON >= 0.90 of direct",
				atLeast(r.ratios().get("lighttpd NDJSON / service NDJSON"), EDGE_OVER_DIRECT));
		t.put("dense >= 0.90 of sparse (service JSON)",
				atLeast(r.ratios().get("service dense / service JSON (sparse)"), DENSE_OVER_SPARSE));
		t.put("new series >= 10,000 per second",
				r.path("service new series").map((i) -> i.newSeriesPerSecond() >= NEW_SERIES_PER_SECOND).orElse(null));
		t.put("latest of 100 series p50 <= 3x driver",
				atMost(r.queryRatios().get("latest of 100 series, service direct / driver"), LATEST_OVER_DRIVER));
		t.put("raw one-hour range p50 <= 2x driver",
				atMost(r.queryRatios().get("raw one-hour range, service direct / driver"), RAW_OVER_DRIVER));
		t.put("one-day 1-minute aggregation p50 <= 2x driver reading rollup_1m",
				atMost(r.queryRatios().get("one-day 1-minute avg, service direct / driver"), AGGREGATION_OVER_DRIVER));
		t.put("PromQL 24 h range of 100 series p50 <= 1.5x driver", promql(r, PromQLBench.RANGE));
		t.put("PromQL 24 h rate of 100 series p50 <= 1.5x driver", promql(r, PromQLBench.RATE));
		t.put("PromQL sum by over 1,000 series p50 <= 1.5x driver", promql(r, PromQLBench.SUM_BY));
		t.put("soak: service heap flat", (r.soak() == null) ? null : r.soak().heapFlat());
		t.put("soak: service direct memory flat", (r.soak() == null) ? null : r.soak().directFlat());
		t.put("10M-point NDJSON upload at -Xmx256m succeeds",
				(r.upload() == null || r.upload().points() < UPLOAD_POINTS) ? null : r.upload().succeeded());
		t.put("every acknowledged point stored", r.verification().allFound());
		t.put("rollup lag within bound during and after every phase", lagWithinBound(r));
		t.put("fairness: tenant B all 2xx while tenant A is refused by each limit", fairness(r, false));
		t.put("fairness: tenant B p95 <= 2x unloaded while tenant A is past each limit at a bounded rate",
				fairness(r, true));
		return t;
	}

	/** Null without the PromQL phase. */
	private static Boolean promql(Report r, String query) {
		if (r.promql() == null) {
			return null;
		}
		return r.promql()
			.queries()
			.stream()
			.filter((q) -> q.query().equals(query))
			.findFirst()
			.map((q) -> atMost(q.serviceOverDriver(), PROMQL_OVER_DRIVER))
			.orElse(null);
	}

	private static Boolean cpu(Report r, String path) {
		Optional<Report.Ingest> ingest = r.path(path).filter((i) -> i.phase().points() > 0);
		return ingest.map((i) -> i.serviceCpuSecondsPerMillionPoints() <= MAX_CPU_SECONDS_PER_MILLION_POINTS)
			.orElse(null);
	}

	/** Null when the service exported no lag at all; otherwise every phase's verdict. */
	private static Boolean lagWithinBound(Report r) {
		List<PhaseLag> phases = new ArrayList<>(r.ingest().stream().map(Report.Ingest::rollupLag).toList());
		phases.add((r.soak() != null) ? r.soak().rollupLag() : null);
		phases.add((r.upload() != null) ? r.upload().rollupLag() : null);
		List<Boolean> verdicts = new ArrayList<>(
				phases.stream().filter(Objects::nonNull).map(PhaseLag::withinBound).filter(Objects::nonNull).toList());
		if (r.lagBeforeQueries() != null && r.lagBeforeQueries().present()) {
			verdicts.add(r.lagBeforeQueries().withinBound());
		}
		return verdicts.isEmpty() ? null : verdicts.stream().allMatch(Boolean::booleanValue);
	}

	/** Null without the fairness phase; otherwise every limit's slice the service has. */
	private static Boolean fairness(Report r, boolean latency) {
		if (r.fairness() == null) {
			return null;
		}
		return latency ? r.fairness().judged().stream().allMatch(Fairness.Slice::withinTwice)
				: r.fairness().measured().stream().allMatch(Fairness.Slice::bServedWhileARefused);
	}

	private static Boolean atLeast(Double ratio, double least) {
		return (ratio == null) ? null : ratio >= least;
	}

	private static Boolean atMost(Double ratio, double most) {
		return (ratio == null) ? null : ratio <= most;
	}

}
