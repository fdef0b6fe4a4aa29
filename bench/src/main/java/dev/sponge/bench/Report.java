package dev.sponge.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one run measured, with the ratios and the targets of docs/performance.md.
 * Written as JSON and markdown by {@link ReportWriter}.
 *
 * @param started when the run started
 * @param seconds how long the whole run took
 * @param options the flags in effect
 * @param load the machine's load average during the run
 * @param ingest one entry per ingest path, the driver baseline first
 * @param ratios throughput ratios by name
 * @param queries query latencies
 * @param queryRatios p50 of each HTTP query over the driver's p50 for the same rows
 * @param lagBeforeQueries the rollup lag after the query data was loaded, polled until
 * within the bound before the queries
 * @param queryRollups whether (and after how long) the query day's {@code rollup_1m} rows
 * were complete
 * @param serviceHeapPeakMiB highest heap in use of the {@code -Xmx512m} service
 * @param serviceRssPeakMiB peak resident set size of that service
 * @param serviceDirectMemory that service's direct memory after the queries (and soak)
 * @param soak the soak, or null
 * @param upload the large NDJSON upload, or null
 * @param fairness the fairness phase, or null
 * @param promql the PromQL phase, or null
 * @param verification the count of stored points against acknowledged ones
 * @param targets each target and whether it was met (null: not measured in this run)
 */
record Report(Instant started, double seconds, Map<String, Object> options, LoadSampler.Load load, List<Ingest> ingest,
		Map<String, Double> ratios, List<QueryBench.Result> queries, Map<String, Double> queryRatios,
		RollupLag.CatchUp lagBeforeQueries, QueryData.Readiness queryRollups, long serviceHeapPeakMiB,
		double serviceRssPeakMiB, ServiceMetrics.DirectMemory serviceDirectMemory, Soak.Result soak,
		Upload.Result upload, Fairness.Result fairness, PromQLPhase.Result promql, Verifier.Result verification,
		Map<String, Boolean> targets) {

	/**
	 * One ingest path.
	 *
	 * @param phase throughput, errors and request latency
	 * @param serviceCpuSecondsPerMillionPoints CPU the service process used per million
	 * acknowledged points (0 for the driver)
	 * @param edgeCpuSecondsPerMillionPoints CPU lighttpd used per million points (0
	 * without it)
	 * @param serviceHeapPeakMiB highest service heap in use during the phase
	 * @param newSeriesPerSecond series registered per measured second (new-series phase
	 * only, 0 otherwise)
	 * @param rollupLag the service's rollup lag during and after the phase (null for the
	 * driver)
	 * @param cassandraRequestsPerThousandPoints requests the service sent to Cassandra
	 * per thousand acknowledged points, in the phase and the rollup catch-up after it
	 * (NaN for the driver, or when the service does not export its driver's metrics)
	 * @param cassandraCpuSecondsPerMillionPoints CPU seconds of the Cassandra node per
	 * million acknowledged points, from each slice's start to the end of the compactions,
	 * flushes and rollup catch-up after it
	 */
	record Ingest(LoadLoop.Phase phase, double serviceCpuSecondsPerMillionPoints, double edgeCpuSecondsPerMillionPoints,
			long serviceHeapPeakMiB, double newSeriesPerSecond, PhaseLag rollupLag,
			double cassandraRequestsPerThousandPoints, double cassandraCpuSecondsPerMillionPoints) {
	}

	private Report withTargets(Map<String, Boolean> judged) {
		return new Report(this.started, this.seconds, this.options, this.load, this.ingest, this.ratios, this.queries,
				this.queryRatios, this.lagBeforeQueries, this.queryRollups, this.serviceHeapPeakMiB,
				this.serviceRssPeakMiB, this.serviceDirectMemory, this.soak, this.upload, this.fairness, this.promql,
				this.verification, judged);
	}

	Optional<Ingest> path(String name) {
		return this.ingest.stream().filter((i) -> i.phase().name().equals(name)).findFirst();
	}

	/** Collects the parts as the run produces them. */
	static final class Builder {

		private final BenchOptions options;

		private final Instant started;

		private final List<Ingest> ingest = new ArrayList<>();

		private List<QueryBench.Result> queries = List.of();

		private long heapPeak;

		private double rssPeak;

		private ServiceMetrics.DirectMemory direct;

		private Soak.Result soak;

		private Upload.Result upload;

		private Verifier.Result verification;

		private Fairness.Result fairness;

		private PromQLPhase.Result promql;

		private LoadSampler.Load load;

		Builder(BenchOptions options, Instant started) {
			this.options = options;
			this.started = started;
		}

		private RollupLag.CatchUp lagBeforeQueries;

		private QueryData.Readiness queryRollups;

		void ingest(List<Ingest> results) {
			this.ingest.addAll(results);
		}

		void lagBeforeQueries(RollupLag.CatchUp catchUp) {
			this.lagBeforeQueries = catchUp;
		}

		void queryRollups(QueryData.Readiness readiness) {
			this.queryRollups = readiness;
		}

		void queries(List<QueryBench.Result> results) {
			this.queries = results;
		}

		void service(long heapPeakMiB, double rssPeakMiB, ServiceMetrics.DirectMemory directMemory) {
			this.heapPeak = heapPeakMiB;
			this.rssPeak = rssPeakMiB;
			this.direct = directMemory;
		}

		void soak(Soak.Result result) {
			this.soak = result;
		}

		void upload(Upload.Result result) {
			this.upload = result;
		}

		void fairness(Fairness.Result result) {
			this.fairness = result;
		}

		void promql(PromQLPhase.Result result) {
			this.promql = result;
		}

		void verification(Verifier.Result result) {
			this.verification = result;
		}

		void load(LoadSampler.Load sampled) {
			this.load = sampled;
		}

		Report build() {
			Map<String, Double> ratios = new LinkedHashMap<>();
			ratio(ratios, "service JSON / driver", "service JSON", "driver baseline");
			ratio(ratios, "service NDJSON / driver", "service NDJSON", "driver baseline");
			ratio(ratios, "service NDJSON / service JSON", "service NDJSON", "service JSON");
			ratio(ratios, "lighttpd JSON / service JSON", "lighttpd JSON", "service JSON");
			ratio(ratios, "lighttpd NDJSON / service NDJSON", "lighttpd NDJSON", "service NDJSON");
			ratio(ratios, "service dense / service JSON (sparse)", "service dense", "service JSON");
			ratio(ratios, "service new series / driver new series", "service new series", "driver new series");
			ratio(ratios, "service remote-write / driver remote-write shape", "service remote-write",
					"driver remote-write shape");
			Map<String, Double> queryRatios = new LinkedHashMap<>();
			for (QueryBench.Result result : this.queries) {
				if (!result.target().startsWith("driver")) {
					this.queries.stream()
						.filter((r) -> r.target().equals("driver") && r.query().equals(result.query()))
						.findFirst()
						.ifPresent((driver) -> queryRatios.put(result.query() + ", " + result.target() + " / driver",
								result.latency().p50() / Math.max(driver.latency().p50(), 0.001)));
				}
			}
			Map<String, Object> flags = this.options.summary();
			double seconds = Duration.between(this.started, Instant.now()).toMillis() / 1000.0;
			Report report = new Report(this.started, seconds, flags, this.load, List.copyOf(this.ingest), ratios,
					this.queries, queryRatios, this.lagBeforeQueries, this.queryRollups, this.heapPeak, this.rssPeak,
					this.direct, this.soak, this.upload, this.fairness, this.promql, this.verification, Map.of());
			return report.withTargets(Targets.judge(report));
		}

		private void ratio(Map<String, Double> ratios, String name, String numerator, String denominator) {
			Optional<Ingest> top = find(numerator);
			Optional<Ingest> bottom = find(denominator);
			if (top.isPresent() && bottom.isPresent() && bottom.get().phase().pointsPerSecond() > 0) {
				ratios.put(name, top.get().phase().pointsPerSecond() / bottom.get().phase().pointsPerSecond());
			}
		}

		private Optional<Ingest> find(String name) {
			return this.ingest.stream().filter((i) -> i.phase().name().equals(name)).findFirst();
		}

	}

}
