package dev.sponge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import reactor.core.publisher.Mono;

/**
 * The measured ingest: an unmeasured warm-up, then every path in {@link Rounds}: the
 * driver baseline, the service with JSON and NDJSON (directly and through lighttpd), the
 * service with dense series (1,000 points per second per series), and the driver and the
 * service with only new series. Each path writes its own tenant, so every path's points
 * can be counted.
 */
final class IngestPhases {

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

	/** Runs the warm-up and the rounds. */
	List<Report.Ingest> run(Tokens tokens, ServiceProcess service, Driver driver, EdgeProcess edge, RollupLag lag) {
		try {
			warmUp(tokens, service, driver, lag);
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
			return new Rounds(this.options, service, edge, lag, new NodeQuiet(driver.session())).run(paths);
		}
		finally {
			this.clients.forEach(HttpIngest::close);
		}
	}

	private void warmUp(Tokens tokens, ServiceProcess service, Driver driver, RollupLag lag) {
		Duration warmup = this.options.warmup();
		if (warmup.isZero()) {
			return;
		}
		Benchmark.log("Warm-up (" + warmup.toSeconds() + " s each for driver and service)");
		LoadLoop.run("warm-up", sparse("-warm-driver"), this.options, warmup, driver::write);
		Workload warm = sparse("-warm");
		HttpIngest warmClient = client(service.url(), tokens, "-warm");
		LoadLoop.run("warm-up", warm, this.options, warmup.dividedBy(2), warmClient::json);
		LoadLoop.run("warm-up", warm, this.options, warmup.dividedBy(2), warmClient::ndjson);
		// The warm-up's rollup work is done before the first measured slice.
		lag.awaitCaughtUp();
	}

	private IngestPath fixed(String name, String tenantSuffix, Function<Workload.Batch, Mono<Void>> send,
			boolean throughService, boolean throughEdge) {
		Workload workload = sparse(tenantSuffix);
		return new IngestPath(name, workload, LoadLoop.usualBatches(workload, this.options), send, throughService,
				throughEdge, false);
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
