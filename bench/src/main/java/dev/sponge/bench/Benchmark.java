package dev.sponge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.sponge.cassandranode.CassandraNode;
import dev.sponge.oidcissuer.OidcIssuer;

/**
 * One benchmark run: starts a Cassandra node, the issuer, the service (and lighttpd),
 * runs the baseline and every ingest path for the same time in alternating rounds, then
 * loads the query data and, once its rollups are complete, runs the queries, the optional
 * PromQL phase, soak, fairness phase and upload, and finally counts what is stored.
 */
final class Benchmark {

	private static final System.Logger LOG = System.getLogger(Benchmark.class.getName());

	private final BenchOptions options;

	private final Path root;

	private final List<String> serviceJvmOptions;

	private final List<Workload> written = new ArrayList<>();

	Benchmark(BenchOptions options, Path root, List<String> serviceJvmOptions) {
		this.options = options;
		this.root = root;
		this.serviceJvmOptions = serviceJvmOptions;
	}

	Report run() {
		Instant started = Instant.now();
		Path work = createDirectories(this.options.output().resolve("bench-work"));
		String run = "b" + Long.toString(started.getEpochSecond(), 36);
		long base = Math.floorDiv(started.toEpochMilli(), Driver.DAY_MILLIS) * Driver.DAY_MILLIS
				- 10 * Driver.DAY_MILLIS;
		LoadSampler load = LoadSampler.start();
		try (CassandraNode node = CassandraNode.builder().heap("2g").logFile(work.resolve("cassandra.log")).build();
				OidcIssuer issuer = OidcIssuer.start(0)) {
			log("Starting Cassandra (log " + node.logFile() + ")");
			node.start();
			Tokens tokens = new Tokens(issuer);
			String contactPoint = node.host() + ":" + node.nativePort();
			try (ServiceProcess service = ServiceProcess.start(this.root, work, "512m", contactPoint,
					issuer.issuerUri(OidcIssuer.DEFAULT_ISSUER_ID), this.serviceJvmOptions);
					Driver driver = new Driver(node.contactPoint(), node.localDatacenter(), "sponge");
					EdgeProcess edge = this.options.edge() ? EdgeProcess.start(this.root, work, service.port()) : null;
					RollupLag lag = new RollupLag(service.metrics(), this.options.lagBound())) {
				log("Service up (pid " + service.pid() + ", log " + service.logFile() + ")");
				Report.Builder report = new Report.Builder(this.options, started);
				report.ingest(new IngestPhases(this.options, run, base, this::register).run(tokens, service, driver,
						edge, lag, node.pid()));
				Workload queryData = workload(run + "-query", "bench.day", base);
				QueryData.load(queryData, new HttpIngest(service.url(), tokens.writerReader(queryData.tenant()), 1));
				report.lagBeforeQueries(lag.awaitWithinBound());
				QueryData.Readiness rollups = QueryData.awaitRollups(queryData, driver.reads(),
						RollupLag.CATCH_UP_DEADLINE);
				report.queryRollups(rollups);
				List<QueryBench.Target> targets = new ArrayList<>();
				targets.add(
						QueryBench.Target.of("service direct", service.url(), tokens.writerReader(queryData.tenant())));
				if (edge != null) {
					targets.add(QueryBench.Target.of("through lighttpd", edge.url(),
							tokens.writerReader(queryData.tenant())));
				}
				log("Queries");
				report.queries(new QueryBench(queryData, driver.reads(), this.options.queryRepeats(),
						this.options.aggregationRepeats(),
						new JitWarmup(this.options.queryWarmup(), service.metrics()::compileMillis))
					.run(targets, rollups.complete()));
				if (this.options.promql()) {
					log("PromQL");
					report.promql(PromQLPhase.run(this.options, work, run + "-prom", service.url(), tokens,
							driver.reads(), () -> {
								lag.awaitWithinBound();
								new NodeQuiet(driver.session(), node.pid()).await();
							}));
				}
				if (this.options.soak() > 0) {
					Workload soakData = workload(run + "-soak", Workload.METRIC, base);
					report.soak(Soak.run(soakData, this.options, service, tokens, lag));
				}
				if (!this.options.fairness().isZero()) {
					Runnable settle = () -> {
						lag.awaitWithinBound();
						new NodeQuiet(driver.session(), node.pid()).await();
					};
					report.fairness(
							new Fairness(this.options.fairness(), this.options.clients(), this.options.fairnessRate(),
									service.url(), settle)
								.run(tokens, run + "-fair-a", run + "-fair-b"));
				}
				report.service(GcLog.peakUsedMiB(service.collections(), 0), ProcessStats.peakRssMiB(service.pid()),
						service.metrics().directMemory());
				if (this.options.uploadPoints() > 0) {
					service.close();
					if (edge != null) {
						edge.close();
					}
					Workload uploadData = workload(run + "-upload", Workload.METRIC, base);
					report.upload(Upload.run(uploadData, this.options.uploadPoints(), this.root, work, contactPoint,
							issuer.issuerUri(OidcIssuer.DEFAULT_ISSUER_ID), tokens, this.options.lagBound()));
				}
				log("Counting what is stored");
				report.verification(new Verifier(driver.session(), driver.keyspace()).verify(this.written));
				report.load(load.stop());
				return report.build();
			}
		}
	}

	private Workload workload(String tenant, String metric, long base) {
		return register(Workload.fixed(tenant, metric, this.options.seriesCount(), base, Workload.SPARSE_STEP_MILLIS));
	}

	private Workload register(Workload workload) {
		this.written.add(workload);
		return workload;
	}

	static void log(String message) {
		LOG.log(System.Logger.Level.INFO, message);
	}

	private static Path createDirectories(Path dir) {
		try {
			return Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
