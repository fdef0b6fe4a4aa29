package dev.sponge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line of the benchmark ({@code ./bench/run --help}): runs it, writes
 * {@code bench-report.md} and {@code bench-report.json} and prints the markdown. Exits
 * with 1 if an acknowledged point is missing; performance targets never fail it.
 */
public final class BenchMain {

	private BenchMain() {
	}

	public static void main(String[] args) {
		List<String> flags = new ArrayList<>(List.of(args));
		if (flags.contains("--help") || flags.contains("-h")) {
			System.out.print(BenchOptions.usage());
			return;
		}
		boolean jfr = flags.remove("--jfr");
		BenchOptions options;
		try {
			options = BenchOptions.parse(flags.toArray(String[]::new));
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.print(BenchOptions.usage());
			System.exit(2);
			return;
		}
		Report report = run(options, jfr);
		System.out.println(ReportWriter.markdown(report));
		System.out.println("Report: " + options.output().resolve(ReportWriter.MARKDOWN_FILE).toAbsolutePath());
		System.exit(report.verification().allFound() ? 0 : 1);
	}

	/**
	 * Runs the benchmark and writes the report files.
	 * @param options what to run
	 * @param jfr whether the service records a JFR profile to the work directory
	 * @return the report
	 */
	public static Report run(BenchOptions options, boolean jfr) {
		Path root = repositoryRoot();
		List<String> serviceJvmOptions = jfr
				? List.of("-XX:StartFlightRecording=filename="
						+ options.output().resolve("bench-work/service.jfr").toAbsolutePath() + ",settings=profile")
				: List.of();
		Report report = new Benchmark(options, root, serviceJvmOptions).run();
		ReportWriter.write(report, options.output());
		return report;
	}

	/**
	 * The checkout: the closest directory above the working directory with lighttpd/ and
	 * service/.
	 */
	static Path repositoryRoot() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isDirectory(dir.resolve("service")) && Files.exists(dir.resolve("lighttpd/lighttpd.conf"))) {
				return dir;
			}
		}
		throw new IllegalStateException("Run the benchmark from the Sponge checkout (no service/ and lighttpd/ above "
				+ Path.of("").toAbsolutePath() + ")");
	}

}
