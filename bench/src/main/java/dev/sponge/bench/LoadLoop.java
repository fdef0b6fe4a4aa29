package dev.sponge.bench;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code clients} concurrent clients, each sending one request after the other until the
 * deadline; a request's points count only once it is acknowledged.
 */
final class LoadLoop {

	private LoadLoop() {
	}

	/**
	 * Runs the loop on a workload's usual requests and blocks until the last request in
	 * flight has finished (this is the harness's main thread, never a request path).
	 * @param send writes one batch; completes when it is acknowledged, errors otherwise
	 */
	static Phase run(String name, Workload workload, BenchOptions options, Duration duration,
			Function<Workload.Batch, Mono<Void>> send) {
		Tally tally = new Tally();
		run(usualBatches(workload, options), options.clients(), duration, send, tally);
		return tally.phase(name, workload.tenant());
	}

	/** Requests of {@link BenchOptions#minPoints()} and so on, to a fixed workload. */
	static Supplier<Workload.Batch> usualBatches(Workload workload, BenchOptions options) {
		return () -> workload.nextBatch(options.minPoints(), options.maxPoints(), options.minSeries(),
				options.maxSeries());
	}

	/**
	 * Runs the loop for {@code duration}, adding what it achieved to {@code tally}, and
	 * blocks until the last request in flight has finished.
	 * @param batches the next request's points, asked for once per request
	 * @param send writes one batch; completes when it is acknowledged, errors otherwise
	 */
	static void run(Supplier<Workload.Batch> batches, int clients, Duration duration,
			Function<Workload.Batch, Mono<Void>> send, Tally tally) {
		long start = System.nanoTime();
		long deadline = start + duration.toNanos();
		Flux.range(0, clients).flatMap((client) -> Mono.defer(() -> {
			Workload.Batch batch = batches.get();
			long sent = System.nanoTime();
			return send.apply(batch).then(Mono.fromRunnable(() -> {
				batch.acknowledged();
				tally.acknowledged(batch, System.nanoTime() - sent);
			})).onErrorResume((ex) -> {
				batch.failed();
				tally.failed(ex);
				return Mono.empty();
			});
		}).repeat(() -> System.nanoTime() < deadline), clients).blockLast();
		tally.measured((System.nanoTime() - start) / 1e9);
	}

	/**
	 * What one ingest path achieved.
	 *
	 * @param name ingest path
	 * @param tenant tenant the points went to
	 * @param points acknowledged points
	 * @param series series in acknowledged requests (each new series once in the
	 * new-series phase)
	 * @param requests acknowledged requests
	 * @param errors failed requests (not acknowledged)
	 * @param seconds wall-clock time from the first request to the last answer, summed
	 * over the path's slices
	 * @param pointsPerSecond acknowledged points per second
	 * @param requestLatency latency of acknowledged requests in milliseconds
	 * @param errorSamples the first few error messages
	 */
	record Phase(String name, String tenant, long points, long series, long requests, long errors, double seconds,
			double pointsPerSecond, Latency requestLatency, List<String> errorSamples) {

		/** Series in acknowledged requests per measured second. */
		double seriesPerSecond() {
			return (this.seconds > 0) ? this.series / this.seconds : 0;
		}

	}

	/**
	 * Percentiles in milliseconds.
	 *
	 * @param count recorded values
	 * @param p50 median
	 * @param p90 90th percentile
	 * @param p99 99th percentile
	 * @param max largest value
	 */
	record Latency(long count, double p50, double p90, double p99, double max) {

		static Latency of(Histogram histogram, double unitsPerMilli) {
			return new Latency(histogram.getTotalCount(), histogram.getValueAtPercentile(50) / unitsPerMilli,
					histogram.getValueAtPercentile(90) / unitsPerMilli,
					histogram.getValueAtPercentile(99) / unitsPerMilli, histogram.getMaxValue() / unitsPerMilli);
		}

	}

}
