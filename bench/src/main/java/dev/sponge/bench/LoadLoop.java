package dev.sponge.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code clients} concurrent clients, each sending one request after the other until the
 * deadline; a request's points count only once it is acknowledged.
 */
final class LoadLoop {

	private static final int MAX_ERROR_SAMPLES = 5;

	private LoadLoop() {
	}

	/**
	 * Runs the loop and blocks until the last request in flight has finished (this is the
	 * harness's main thread, never a request path).
	 * @param send writes one batch; completes when it is acknowledged, errors otherwise
	 */
	static Phase run(String name, Workload workload, BenchOptions options, Duration duration,
			Function<Workload.Batch, Mono<Void>> send) {
		return run(name, workload, options, duration, send, new AtomicLong());
	}

	/**
	 * Same as {@link #run(String, Workload, BenchOptions, Duration, Function)}, counting
	 * acknowledged points into {@code progress} as they come (for timelines).
	 */
	static Phase run(String name, Workload workload, BenchOptions options, Duration duration,
			Function<Workload.Batch, Mono<Void>> send, AtomicLong progress) {
		Histogram latencyMicros = new ConcurrentHistogram(3);
		AtomicLong points = new AtomicLong();
		AtomicLong requests = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		List<String> errorSamples = new CopyOnWriteArrayList<>();
		long start = System.nanoTime();
		long deadline = start + duration.toNanos();
		Flux.range(0, options.clients()).flatMap((client) -> Mono.defer(() -> {
			Workload.Batch batch = workload.nextBatch(options.minPoints(), options.maxPoints(), options.minSeries(),
					options.maxSeries());
			long sent = System.nanoTime();
			return send.apply(batch).then(Mono.fromRunnable(() -> {
				batch.acknowledged();
				points.addAndGet(batch.points());
				progress.addAndGet(batch.points());
				requests.incrementAndGet();
				latencyMicros.recordValue((System.nanoTime() - sent) / 1000);
			})).onErrorResume((ex) -> {
				batch.failed();
				errors.incrementAndGet();
				if (errorSamples.size() < MAX_ERROR_SAMPLES) {
					errorSamples.add(String.valueOf(ex.getMessage()));
				}
				return Mono.empty();
			});
		}).repeat(() -> System.nanoTime() < deadline), options.clients()).blockLast();
		double seconds = (System.nanoTime() - start) / 1e9;
		return new Phase(name, workload.tenant(), points.get(), requests.get(), errors.get(), seconds,
				points.get() / seconds, Latency.of(latencyMicros, 1000.0), List.copyOf(errorSamples));
	}

	/**
	 * What one measured ingest phase achieved.
	 *
	 * @param name ingest path
	 * @param tenant tenant the points went to
	 * @param points acknowledged points
	 * @param requests acknowledged requests
	 * @param errors failed requests (not acknowledged)
	 * @param seconds wall-clock time from the first request to the last answer
	 * @param pointsPerSecond acknowledged points per second
	 * @param requestLatency latency of acknowledged requests in milliseconds
	 * @param errorSamples the first few error messages
	 */
	record Phase(String name, String tenant, long points, long requests, long errors, double seconds,
			double pointsPerSecond, Latency requestLatency, List<String> errorSamples) {
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
