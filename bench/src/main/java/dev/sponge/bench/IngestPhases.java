package dev.sponge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The measured ingest: an unmeasured warm-up, then every path in {@link Rounds}: the
 * driver baseline, the service with JSON and NDJSON (directly and through lighttpd), the
 * service with dense series (1,000 points per second per series), the driver and the
 * service with only new series, and the driver and the service (Prometheus remote-write)
 * with requests shaped like Prometheus' own. Each path writes its own tenant, so every
 * path's points can be counted.
 */
final class IngestPhases {

	/**
	 * Series of each remote-write path: what a Prometheus scraping a few hundred targets
	 * sends.
	 */
	static final int REMOTE_WRITE_SERIES = 10_000;

	/** Fewest samples (one per series) in one remote-write request. */
	static final int REMOTE_WRITE_MIN_SAMPLES = 500;

	/**
	 * Most samples in one remote-write request: Prometheus' default
	 * {@code queue_config.max_samples_per_send}.
	 */
	static final int REMOTE_WRITE_MAX_SAMPLES = 2_000;

	/** The remote-write paths' metric, a valid Prometheus metric name. */
	static final String REMOTE_WRITE_METRIC = "bench_samples";

	private final BenchOptions options;

	private final String run;

	private final long base;

	private final UnaryOperator<Workload> register;

	private final List<HttpIngest> clients = new ArrayList<>();

	/**
	 * @param run prefix of the tenants
	 * @param base first timestamp of every series
	 * @param register registers a workload for the count of stored points
	 */
	IngestPhases(BenchOptions options, String run, long base, UnaryOperator<Workload> register) {
		this.options = options;
		this.run = run;
		this.base = base;
		this.register = register;
	}

	/**
	 * Runs the warm-up and the rounds.
	 * @param nodePid the Cassandra node's process, whose CPU time each path is charged
	 */
	List<Report.Ingest> run(Tokens tokens, ServiceProcess service, Driver driver, EdgeProcess edge, RollupLag lag,
			long nodePid) {
		try {
			List<IngestPath> paths = new ArrayList<>();
			paths.add(fixed("driver baseline", "-driver", driver::write, false, false));
			if (this.options.runs("json")) {
				paths.add(fixed("service JSON", "-direct-json", client(service.url(), tokens, "-direct-json")::json,
						true, false));
			}
			if (this.options.runs("ndjson")) {
				paths.add(fixed("service NDJSON", "-direct-ndjson",
						client(service.url(), tokens, "-direct-ndjson")::ndjson, true, false));
			}
			if (edge != null && this.options.runs("edge-json")) {
				paths.add(fixed("lighttpd JSON", "-edge-json", client(edge.url(), tokens, "-edge-json")::json, true,
						true));
			}
			if (edge != null && this.options.runs("edge-ndjson")) {
				paths.add(fixed("lighttpd NDJSON", "-edge-ndjson", client(edge.url(), tokens, "-edge-ndjson")::ndjson,
						true, true));
			}
			if (this.options.runs("dense")) {
				Workload dense = this.register.apply(Workload.fixed(this.run + "-dense", Workload.METRIC,
						this.options.seriesCount(), this.base, Workload.DENSE_STEP_MILLIS));
				paths.add(new IngestPath("service dense", dense, LoadLoop.usualBatches(dense, this.options),
						client(service.url(), tokens, "-dense")::json, true, false, false));
			}
			if (this.options.runs("new-series")) {
				// The driver writing only the points of as many new series: what the node
				// takes when every partition is new.
				Workload driverFresh = this.register
					.apply(Workload.newSeries(this.run + "-driver-new-series", Workload.METRIC, this.base));
				paths.add(new IngestPath(
						"driver new series", driverFresh, () -> driverFresh.nextNewSeriesBatch(this.options.minPoints(),
								this.options.maxPoints(), this.options.newSeriesPoints()),
						driver::write, false, false, true));
				Workload fresh = this.register
					.apply(Workload.newSeries(this.run + "-new-series", Workload.METRIC, this.base));
				paths.add(new IngestPath("service new series", fresh,
						() -> fresh.nextNewSeriesBatch(this.options.minPoints(), this.options.maxPoints(),
								this.options.newSeriesPoints()),
						client(service.url(), tokens, "-new-series")::json, true, false, true));
			}
			List<IngestPath> remoteWrite = new ArrayList<>();
			if (this.options.runs("remote-write")) {
				// The driver writing exactly the rows of such requests: one point in each
				// of 500 to 2,000 partitions.
				remoteWrite.add(remoteWrite("driver remote-write shape", "-driver-remote-write", driver::write, false));
				remoteWrite.add(remoteWrite("service remote-write", "-remote-write",
						client(service.url(), tokens, "-remote-write")::remoteWrite, true));
				paths.addAll(remoteWrite);
			}
			warmUp(tokens, service, driver, lag, remoteWrite);
			return new Rounds(this.options, service, edge, lag, new NodeQuiet(driver.session(), nodePid)).run(paths);
		}
		finally {
			this.clients.forEach(HttpIngest::close);
		}
	}

	/**
	 * The unmeasured start: every remote-write series written once, then, with a warm-up,
	 * the driver and the service (JSON, NDJSON, then remote-write) for the JIT.
	 */
	private void warmUp(Tokens tokens, ServiceProcess service, Driver driver, RollupLag lag,
			List<IngestPath> remoteWrite) {
		remoteWrite.forEach(IngestPhases::writeEverySeries);
		Duration warmup = this.options.warmup();
		if (!warmup.isZero()) {
			Benchmark.log("Warm-up (" + warmup.toSeconds() + " s each for driver and service"
					+ (remoteWrite.isEmpty() ? "" : ", " + warmup.dividedBy(2).toSeconds() + " s of remote-write")
					+ ")");
			LoadLoop.run("warm-up", sparse("-warm-driver"), this.options, warmup, driver::write);
			Workload warm = sparse("-warm");
			HttpIngest warmClient = client(service.url(), tokens, "-warm");
			LoadLoop.run("warm-up", warm, this.options, warmup.dividedBy(2), warmClient::json);
			LoadLoop.run("warm-up", warm, this.options, warmup.dividedBy(2), warmClient::ndjson);
			remoteWrite.stream()
				.filter(IngestPath::throughService)
				.forEach((path) -> LoadLoop.run(path.batches(), this.options.clients(), warmup.dividedBy(2),
						path.send(), new Tally()));
		}
		if (!warmup.isZero() || !remoteWrite.isEmpty()) {
			// The rollup work of what was written unmeasured is done before the first
			// measured slice, the live remote-write minutes' too.
			if (!remoteWrite.isEmpty()) {
				RollupLag.awaitLiveMinuteDue();
			}
			lag.awaitCaughtUp();
		}
	}

	/**
	 * Prometheus' steady state: its series are known to the service (catalogue, caches)
	 * before the measured slices. One sample of every series (the driver's path too, so
	 * both write the same rows), in requests of the largest size; a failure is logged and
	 * its series checked by the count like any other.
	 */
	private static void writeEverySeries(IngestPath path) {
		Workload workload = path.workload();
		int count = workload.seriesCount();
		Flux.range(0, (count + REMOTE_WRITE_MAX_SAMPLES - 1) / REMOTE_WRITE_MAX_SAMPLES).concatMap((request) -> {
			int first = request * REMOTE_WRITE_MAX_SAMPLES;
			List<Workload.Slice> slices = IntStream.range(first, Math.min(count, first + REMOTE_WRITE_MAX_SAMPLES))
				.mapToObj((series) -> workload.slice(series, 1))
				.toList();
			Workload.Batch batch = new Workload.Batch(workload, slices, slices.size());
			return path.send().apply(batch).then(Mono.fromRunnable(batch::acknowledged)).onErrorResume((ex) -> {
				batch.failed();
				Benchmark.log("  " + path.name() + ": writing every series once failed: " + ex.getMessage());
				return Mono.empty();
			});
		}).blockLast();
	}

	private IngestPath fixed(String name, String tenantSuffix, Function<Workload.Batch, Mono<Void>> send,
			boolean throughService, boolean throughEdge) {
		Workload workload = sparse(tenantSuffix);
		return new IngestPath(name, workload, LoadLoop.usualBatches(workload, this.options), send, throughService,
				throughEdge, false);
	}

	/**
	 * A path of requests shaped like Prometheus' remote-write: 500 to 2,000 of the
	 * {@value #REMOTE_WRITE_SERIES} series, one sample each, at the time of the request.
	 */
	private IngestPath remoteWrite(String name, String tenantSuffix, Function<Workload.Batch, Mono<Void>> send,
			boolean throughService) {
		Workload workload = this.register.apply(Workload.live(this.run + tenantSuffix, REMOTE_WRITE_METRIC,
				REMOTE_WRITE_SERIES, System::currentTimeMillis));
		return new IngestPath(name, workload,
				() -> workload.nextSampleBatch(REMOTE_WRITE_MIN_SAMPLES, REMOTE_WRITE_MAX_SAMPLES), send,
				throughService, false, false);
	}

	private Workload sparse(String tenantSuffix) {
		return this.register.apply(Workload.fixed(this.run + tenantSuffix, Workload.METRIC, this.options.seriesCount(),
				this.base, Workload.SPARSE_STEP_MILLIS));
	}

	private HttpIngest client(String baseUrl, Tokens tokens, String tenantSuffix) {
		HttpIngest client = new HttpIngest(baseUrl, tokens.writerReader(this.run + tenantSuffix),
				this.options.clients());
		this.clients.add(client);
		return client;
	}

}
