package dev.sponge.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * CI's smoke run of the benchmark: the harness works end to end and its numbers are sane.
 * Never asserts a timing; the machine's speed is what the benchmark reports, not what CI
 * judges.
 */
class BenchSmokeTest {

	@Test
	void quickRunMeasuresEveryPathAndThePromQLQueriesFindsEveryAcknowledgedPointAndWritesTheReport() {
		Path output = Path.of("target/bench-smoke").toAbsolutePath();
		boolean edge = !Boolean.getBoolean("sponge.edge.skip");
		BenchOptions options = BenchOptions.parse(edge ? new String[] { "--quick", "--output", output.toString() }
				: new String[] { "--quick", "--no-edge", "--output", output.toString() });

		Report report = BenchMain.run(options, false);

		List<String> paths = edge
				? List.of("driver baseline", "service JSON", "service NDJSON", "lighttpd JSON", "lighttpd NDJSON",
						"service dense", "driver new series", "service new series", "driver remote-write shape",
						"service remote-write")
				: List.of("driver baseline", "service JSON", "service NDJSON", "service dense", "driver new series",
						"service new series", "driver remote-write shape", "service remote-write");
		assertThat(report.ingest()).extracting((i) -> i.phase().name()).containsExactlyElementsOf(paths);
		assertThat(report.ingest()).allSatisfy((i) -> {
			assertThat(i.phase().points()).as(i.phase().name() + " points").isPositive();
			assertThat(i.phase().pointsPerSecond()).as(i.phase().name() + " points/s").isPositive();
			assertThat(i.phase().errors()).as(i.phase().name() + " errors " + i.phase().errorSamples()).isZero();
		});
		assertThat(report.ingest())
			.filteredOn((i) -> i.phase().name().startsWith("service") || i.phase().name().startsWith("lighttpd"))
			.allSatisfy((i) -> {
				assertThat(i.serviceCpuSecondsPerMillionPoints()).isPositive();
				assertThat(i.rollupLag()).as(i.phase().name() + " rollup lag").isNotNull();
				// Counted from the service's own driver metrics, so it must be there.
				assertThat(i.cassandraRequestsPerThousandPoints()).as(i.phase().name() + " Cassandra requests")
					.isPositive();
			});
		assertThat(report.path("service new series")).hasValueSatisfying((i) -> {
			assertThat(i.newSeriesPerSecond()).isPositive();
			// Every acknowledged series is new: as many series as requests times their
			// size.
			assertThat(i.phase().series() * options.newSeriesPoints()).isEqualTo(i.phase().points());
		});
		// Prometheus-shaped: one sample per series, 500 to 2,000 of them per request.
		assertThat(report.path("service remote-write")).hasValueSatisfying((i) -> {
			assertThat(i.phase().series()).isEqualTo(i.phase().points());
			assertThat(i.phase().points()).isBetween(i.phase().requests() * IngestPhases.REMOTE_WRITE_MIN_SAMPLES,
					i.phase().requests() * IngestPhases.REMOTE_WRITE_MAX_SAMPLES);
		});
		assertThat(report.ratios()).containsKeys("service JSON / driver", "service NDJSON / service JSON",
				"service dense / service JSON (sparse)", "service remote-write / driver remote-write shape");
		assertThat(report.queryRollups().complete()).isTrue();
		assertThat(report.queries()).hasSize(edge ? 10 : 7)
			.allSatisfy((q) -> assertThat(q.latency().count()).isPositive());
		assertThat(report.queries()).filteredOn((q) -> q.target().startsWith("driver"))
			.extracting(QueryBench.Result::target)
			.containsExactly("driver", "driver", "driver", QueryBench.RAW_POINTS_BASELINE);
		assertThat(report.queryRatios()).containsKey("one-day 1-minute avg, service direct / driver");
		assertThat(report.serviceHeapPeakMiB()).isPositive();
		assertThat(report.serviceRssPeakMiB()).isPositive();
		assertThat(report.serviceDirectMemory().jvmMiB()).as("jvm_buffer_memory_used_bytes{id=\"direct\"}")
			.isPositive();
		assertThat(report.verification().acknowledged())
			.isGreaterThanOrEqualTo(report.ingest().stream().mapToLong((i) -> i.phase().points()).sum());
		assertThat(report.verification().missing()).isZero();
		assertThat(report.verification().problems()).isEmpty();
		assertThat(report.verification().stored()).isEqualTo(report.verification().acknowledged());
		assertThat(report.targets()).containsEntry("every acknowledged point stored", true)
			.containsKeys("dense >= 0.90 of sparse (service JSON)", "new series >= 10,000 per second",
					"service remote-write >= 0.70 of driver (Prometheus-shaped)",
					"rollup lag within bound during and after every phase");
		assertThat(report.fairness()).as("fairness phase, on in --quick").isNotNull();
		assertThat(report.fairness().slices().stream().map(Fairness.Slice::limit).distinct()).containsExactly(
				"ingest-points-per-second", "concurrent-ingest-requests", "concurrent-queries",
				"query-points-per-second", "query-cost", "active-series", "live-streams");
		// Every limit at the bounded offered rate, then flooded.
		Map<String, List<Integer>> loads = report.fairness()
			.measured()
			.stream()
			.collect(Collectors.groupingBy(Fairness.Slice::limit, LinkedHashMap::new,
					Collectors.mapping(Fairness.Slice::offered, Collectors.toList())));
		assertThat(loads).isNotEmpty()
			.allSatisfy((limit, offered) -> assertThat(offered).as(limit)
				.containsExactly(BenchOptions.defaults().fairnessRate(), 0));
		// A limit the service does not have yet is reported as such; every other slice
		// must show A refused by that very limit and B served.
		assertThat(report.fairness().measured()).isNotEmpty().allSatisfy((s) -> {
			assertThat(s.aRefused()).as(s.limit() + ": A refused by the limit " + s.aAnswers()).isPositive();
			assertThat(s.unloaded().requests()).as(s.limit() + ": B requests alone").isPositive();
			assertThat(s.unloaded().failures()).as(s.limit() + ": B alone non-2xx " + s.unloaded().failureSamples())
				.isZero();
			assertThat(s.b().requests()).as(s.limit() + ": B requests").isPositive();
			assertThat(s.b().failures()).as(s.limit() + ": B non-2xx " + s.b().failureSamples()).isZero();
		});
		assertThat(report.targets()).containsKeys("fairness: tenant B all 2xx while tenant A is refused by each limit",
				"fairness: tenant B p95 <= 2x unloaded while tenant A is past each limit at a bounded rate");
		assertThat(report.promql()).as("PromQL phase, on in --quick").isNotNull();
		assertThat(report.promql().points())
			.isEqualTo(PromQLData.RANGE_SERIES * (24 * 120 + 20 + 1) + PromQLData.GROUP_SERIES * (70 * 2 + 1));
		assertThat(report.promql().queries()).extracting(PromQLBench.Measured::query)
			.containsExactly(PromQLBench.RANGE, PromQLBench.RATE, PromQLBench.SUM_BY);
		// 24 h and 1 h at a 60 s step; the driver reads the range and the 5-minute
		// lookback, 30 s apart.
		assertThat(report.promql().queries())
			.extracting(PromQLBench.Measured::series, PromQLBench.Measured::samples, PromQLBench.Measured::rowsRead)
			.containsExactly(tuple(100L, 100L * 1441, 100L * (2 * 24 * 60 + 10 + 1)),
					tuple(100L, 100L * 1441, 100L * (2 * 24 * 60 + 10 + 1)),
					tuple(10L, 10L * 61, 1000L * (2 * 60 + 10 + 1)));
		assertThat(report.promql().queries()).allSatisfy((q) -> {
			assertThat(q.answersAgree())
				.as(q.query() + ": the service's answer is Prometheus' (sum of values " + q.serviceSum() + " and "
						+ q.prometheusSum() + ")")
				.isTrue();
			assertThat(q.latencies()).extracting(PromQLBench.Row::source)
				.containsExactly(PromQLBench.DRIVER, PromQLBench.SERVICE, PromQLBench.PROMETHEUS);
			assertThat(q.latencies()).allSatisfy((row) -> {
				assertThat(row.count()).as(q.query() + " via " + row.source()).isEqualTo(options.promqlRepeats());
				assertThat(row.failures()).as(q.query() + " via " + row.source() + ": 503s").isZero();
				assertThat(row.p50()).isPositive();
			});
			assertThat(q.ratios()).containsOnlyKeys(PromQLBench.SERVICE + " / " + PromQLBench.DRIVER,
					PromQLBench.PROMETHEUS + " / " + PromQLBench.DRIVER);
		});
		assertThat(report.targets()).containsKeys("PromQL 24 h range of 100 series p50 <= 1.5x driver",
				"PromQL 24 h rate of 100 series p50 <= 1.5x driver",
				"PromQL sum by over 1,000 series p50 <= 1.5x driver");
		assertThat(report.targets().get("PromQL sum by over 1,000 series p50 <= 1.5x driver")).isNotNull();
		assertThat(output.resolve(ReportWriter.JSON_FILE)).content()
			.contains("\"verification\"", "driver baseline", "service new series", "service remote-write");
		assertThat(output.resolve(ReportWriter.MARKDOWN_FILE)).content()
			.contains("| service JSON |", "| service dense |", "| service new series |",
					"| driver remote-write shape |", "| service remote-write |",
					"| service remote-write / driver remote-write shape |",
					"| service remote-write >= 0.70 of driver (Prometheus-shaped) |", "| driver, raw points |",
					"| rollup lag (sponge_rollups_lag_seconds)", "every acknowledged point stored | yes",
					"| limit A is past |", "| live-streams |", "| PromQL query |",
					"| sum by (group) of 1,000 series, 1 h, 60 s step | `sum by (group) (bench_prom_groups)` |",
					"| 24 h of 100 series, 60 s step, service direct / driver |");
	}

}
