package dev.sponge.bench;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CI's smoke run of the benchmark: the harness works end to end and its numbers are sane.
 * Never asserts a timing; the machine's speed is what the benchmark reports, not what CI
 * judges.
 */
class BenchSmokeTest {

	@Test
	void quickRunMeasuresEveryPathFindsEveryAcknowledgedPointAndWritesTheReport() {
		Path output = Path.of("target/bench-smoke").toAbsolutePath();
		boolean edge = !Boolean.getBoolean("sponge.edge.skip");
		BenchOptions options = BenchOptions.parse(edge ? new String[] { "--quick", "--output", output.toString() }
				: new String[] { "--quick", "--no-edge", "--output", output.toString() });

		Report report = BenchMain.run(options, false);

		assertThat(report.ingest()).extracting((i) -> i.phase().name())
			.containsExactlyElementsOf(edge
					? java.util.List.of("driver baseline", "service JSON", "service NDJSON", "lighttpd JSON",
							"lighttpd NDJSON")
					: java.util.List.of("driver baseline", "service JSON", "service NDJSON"));
		assertThat(report.ingest()).allSatisfy((i) -> {
			assertThat(i.phase().points()).as(i.phase().name() + " points").isPositive();
			assertThat(i.phase().pointsPerSecond()).as(i.phase().name() + " points/s").isPositive();
			assertThat(i.phase().errors()).as(i.phase().name() + " errors " + i.phase().errorSamples()).isZero();
		});
		assertThat(report.ingest().subList(1, report.ingest().size()))
			.allSatisfy((i) -> assertThat(i.serviceCpuSecondsPerMillionPoints()).isPositive());
		assertThat(report.ratios()).containsKeys("service JSON / driver", "service NDJSON / service JSON");
		assertThat(report.queries()).hasSize(edge ? 9 : 6)
			.allSatisfy((q) -> assertThat(q.latency().count()).isPositive());
		assertThat(report.queryRatios()).containsKey("one-day 1-minute avg, service direct / driver");
		assertThat(report.serviceHeapPeakMiB()).isPositive();
		assertThat(report.serviceRssPeakMiB()).isPositive();
		assertThat(report.verification().acknowledged())
			.isGreaterThanOrEqualTo(report.ingest().stream().mapToLong((i) -> i.phase().points()).sum());
		assertThat(report.verification().missing()).isZero();
		assertThat(report.verification().problems()).isEmpty();
		assertThat(report.verification().stored()).isEqualTo(report.verification().acknowledged());
		assertThat(output.resolve(ReportWriter.JSON_FILE)).content().contains("\"verification\"", "driver baseline");
		assertThat(output.resolve(ReportWriter.MARKDOWN_FILE)).content()
			.contains("| service JSON |", "every acknowledged point stored | yes");
	}

}
