package dev.sponge.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The PromQL phase around {@link PromQLBench}: starts Debian's Prometheus, writes
 * {@link PromQLData} to it and to the service, waits until neither is busy with what the
 * load set off (the service's rollups, Cassandra's flushes and compactions, Prometheus'
 * head compaction), then measures the queries.
 */
final class PromQLPhase {

	/** Prometheus keeps at most this much in its head block once it has compacted. */
	private static final Duration HEAD_SPAN = Duration.ofHours(3);

	private static final Duration COMPACTION_DEADLINE = Duration.ofMinutes(3);

	/** The phase tenant's query read rate: ten times the service's default. */
	private static final long QUERY_POINTS_PER_SECOND = 2_000_000;

	private PromQLPhase() {
	}

	/**
	 * @param settle waits, unmeasured, until the service's rollups and the Cassandra node
	 * are quiet
	 */
	static Result run(BenchOptions options, Path work, String tenant, String serviceUrl, Tokens tokens,
			DriverReads driver, Runnable settle) {
		try (PrometheusProcess prometheus = PrometheusProcess.start(work)) {
			Benchmark.log("Prometheus up (pid " + prometheus.pid() + ", " + prometheus.dir() + ")");
			PromQLData data = new PromQLData(tenant, System.currentTimeMillis());
			long start = System.nanoTime();
			HttpIngest toService = new HttpIngest(serviceUrl, tokens.writerReader(tenant), 1);
			// Prometheus' receiver has no authentication and ignores the header.
			HttpIngest toPrometheus = new HttpIngest(prometheus.url(), () -> "unused", 1);
			try {
				data.load(toService, toPrometheus);
			}
			finally {
				toService.close();
				toPrometheus.close();
			}
			double loadSeconds = (System.nanoTime() - start) / 1e9;
			settle.run();
			boolean compacted = prometheus.awaitHeadWithin(HEAD_SPAN, COMPACTION_DEADLINE);
			if (!compacted) {
				Benchmark.log("Prometheus' head block still spans more than " + HEAD_SPAN.toHours() + " h after "
						+ COMPACTION_DEADLINE.toMinutes() + " min: its compaction may run during the queries");
			}
			// Each 24-hour query reads about 144,000 rows, over and over: more than the
			// default query read rate lets a tenant read. The phase measures the query
			// path,
			// so its tenant's ADMIN raises the rate as far as an override may (ten
			// times).
			TenantLimitsApi.limits(serviceUrl, tokens.admin(tenant),
					Map.of("query-points-per-second", QUERY_POINTS_PER_SECOND));
			List<PromQLBench.Measured> queries = new PromQLBench(data, driver, serviceUrl, tokens.writerReader(tenant),
					prometheus.url(), options.promqlRepeats(), options.queryWarmup())
				.run();
			return new Result(data.points(), loadSeconds, compacted, queries);
		}
	}

	/**
	 * The PromQL phase.
	 *
	 * @param points samples written (to the service, and the same to Prometheus)
	 * @param loadSeconds how long writing them to both took
	 * @param prometheusCompacted whether Prometheus had compacted its backfill before the
	 * queries
	 * @param queries each query, measured
	 */
	record Result(long points, double loadSeconds, boolean prometheusCompacted, List<PromQLBench.Measured> queries) {
	}

}
