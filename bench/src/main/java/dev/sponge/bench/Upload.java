package dev.sponge.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Flux;

/**
 * One NDJSON upload of many points (10 million by default of {@code --upload}) to a
 * service started with {@code -Xmx256m}: the stream must succeed in bounded memory. Lines
 * of 10,000 points cycle through the workload's series and are made as they are sent.
 */
final class Upload {

	private static final int POINTS_PER_LINE = 10_000;

	private Upload() {
	}

	static Result run(Workload data, long points, Path root, Path work, String contactPoint, String issuerUri,
			Tokens tokens, Duration lagBound) {
		Benchmark.log("Upload: " + points + " points as one NDJSON stream to a service at -Xmx256m");
		try (ServiceProcess service = ServiceProcess.start(root, work, "256m", contactPoint, issuerUri, List.of());
				RollupLag lag = new RollupLag(service.metrics(), lagBound)) {
			PhaseLag.Builder lagged = new PhaseLag.Builder(lagBound.toMillis() / 1000.0);
			RollupLag.Sampling sampling = lag.sampleEverySecond();
			HttpIngest client = new HttpIngest(service.url(), tokens.writerReader(data.tenant()), 1);
			long lines = (points + POINTS_PER_LINE - 1) / POINTS_PER_LINE;
			Flux<Workload.Slice> slices = Flux.range(0, (int) lines)
				.map((line) -> data.slice(line % data.seriesCount(),
						(int) Math.min(POINTS_PER_LINE, points - (long) line * POINTS_PER_LINE)));
			java.util.Queue<Workload.Slice> sent = new java.util.concurrent.ConcurrentLinkedQueue<>();
			long start = System.nanoTime();
			String error = null;
			try {
				client.ndjsonStream(slices.doOnNext(sent::add).map((slice) -> Bodies.ndjsonLine(data, slice)), points)
					.block(Duration.ofHours(2));
				sent.forEach(data.ledger()::acknowledged);
			}
			catch (RuntimeException ex) {
				sent.forEach(data.ledger()::failed);
				error = ex.getMessage();
			}
			finally {
				lagged.during(sampling.stop());
				client.close();
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			double cpu = ProcessStats.cpuSeconds(service.pid());
			lagged.after(lag.awaitWithinBound(), ProcessStats.cpuSeconds(service.pid()) - cpu);
			Benchmark.log(String.format("  %s in %.0f s", (error == null) ? "done" : "FAILED: " + error, seconds));
			return new Result(points, error == null, error, seconds, points / seconds,
					GcLog.peakUsedMiB(service.collections(), 0), ProcessStats.peakRssMiB(service.pid()),
					lagged.build(points));
		}
	}

	/**
	 * The upload's outcome.
	 *
	 * @param points points sent
	 * @param succeeded whether the service answered 200 with the exact count
	 * @param error why not, or null
	 * @param seconds duration of the upload
	 * @param pointsPerSecond points per second
	 * @param heapPeakMiB highest heap in use (of 256 MiB)
	 * @param rssPeakMiB highest resident set size of the service
	 * @param rollupLag the rollup lag during and after the upload
	 */
	record Result(long points, boolean succeeded, String error, double seconds, double pointsPerSecond,
			long heapPeakMiB, double rssPeakMiB, PhaseLag rollupLag) {
	}

}
