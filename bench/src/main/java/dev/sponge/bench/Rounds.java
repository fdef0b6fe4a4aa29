package dev.sponge.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Runs the measured ingest in rounds: each round runs a slice ({@code duration / rounds})
 * of every path in turn, forwards in odd rounds and backwards in even ones, so that no
 * path is favoured by running later, on a warmer JIT or a quieter machine, or by the path
 * before it. Each path's figures are summed over its own slices only: its points,
 * requests and measured seconds, and the service's (and lighttpd's) CPU and heap during
 * them; the service's Cassandra requests also count during the rollup catch-up after
 * them. After each slice through the service the harness waits for the rollup lag to get
 * back within the bound (the verdict), then to 0, so that one path's deferred work does
 * not run in the next path's slice (for a live path, first until its last minute's work
 * has fallen due); after every slice it waits for Cassandra's compactions and flushes to
 * finish ({@link NodeQuiet}), for the same reason.
 */
final class Rounds {

	private final BenchOptions options;

	private final ServiceProcess service;

	private final EdgeProcess edge;

	private final RollupLag lag;

	private final NodeQuiet node;

	Rounds(BenchOptions options, ServiceProcess service, EdgeProcess edge, RollupLag lag, NodeQuiet node) {
		this.node = node;
		this.options = options;
		this.service = service;
		this.edge = edge;
		this.lag = lag;
	}

	List<Report.Ingest> run(List<IngestPath> paths) {
		Map<IngestPath, Accumulated> accumulated = new LinkedHashMap<>();
		paths.forEach((path) -> accumulated.put(path, new Accumulated(this.lag.bound().toMillis() / 1000.0)));
		for (int round = 1; round <= this.options.rounds(); round++) {
			Benchmark.log("Round " + round + " of " + this.options.rounds() + " (" + this.options.slice().toMillis()
					+ " ms per path, " + this.options.clients() + " clients)");
			// Odd rounds run the paths in order, even rounds backwards, so each path
			// follows
			// both of its neighbours as often: the slice after the bare driver's inherits
			// the
			// memtables and compactions of the fastest writer.
			List<IngestPath> order = new ArrayList<>(paths);
			if (round % 2 == 0) {
				Collections.reverse(order);
			}
			for (IngestPath path : order) {
				// The node's CPU from the slice's start to the end of the compactions and
				// flushes after it (and the service's rollup catch-up): the Cassandra
				// work
				// the path's writes cost.
				double nodeCpu = this.node.cpuSeconds();
				slice(path, accumulated.get(path));
				double waited = this.node.await();
				accumulated.get(path).nodeCpu += this.node.cpuSeconds() - nodeCpu;
				if (waited >= 1) {
					Benchmark.log(String.format("  Cassandra's compactions and flushes done after %.1f s", waited));
				}
			}
		}
		List<GcLog.Collection> collections = this.service.collections();
		return paths.stream().map((path) -> accumulated.get(path).result(path, collections)).toList();
	}

	private void slice(IngestPath path, Accumulated into) {
		long pointsBefore = into.tally.points();
		double serviceCpu = ProcessStats.cpuSeconds(this.service.pid());
		double edgeCpu = path.throughEdge() ? ProcessStats.cpuSeconds(this.edge.pid()) : 0;
		double from = this.service.uptime();
		OptionalDouble requests = path.throughService() ? this.lag.metrics().cassandraRequests()
				: OptionalDouble.empty();
		RollupLag.Sampling sampling = path.throughService() ? this.lag.sampleEverySecond() : null;
		long start = System.nanoTime();
		LoadLoop.run(path.batches(), this.options.clients(), this.options.slice(), path.send(), into.tally);
		double seconds = (System.nanoTime() - start) / 1e9;
		into.windows.add(new double[] { from, this.service.uptime() });
		if (path.throughService()) {
			into.lag.during(sampling.stop());
			into.serviceCpu += ProcessStats.cpuSeconds(this.service.pid()) - serviceCpu;
		}
		if (path.throughEdge()) {
			into.edgeCpu += ProcessStats.cpuSeconds(this.edge.pid()) - edgeCpu;
		}
		Benchmark
			.log(String.format("  %s: %,.0f points/s", path.name(), (into.tally.points() - pointsBefore) / seconds));
		if (path.throughService()) {
			double before = ProcessStats.cpuSeconds(this.service.pid());
			if (path.workload().live()) {
				RollupLag.awaitLiveMinuteDue();
			}
			RollupLag.CatchUp catchUp = this.lag.awaitWithinBound();
			// Then the rest of the path's deferred work (the lag only says how late the
			// oldest of it is), so the next path's slice starts with none of it.
			this.lag.awaitCaughtUp();
			into.lag.after(catchUp, ProcessStats.cpuSeconds(this.service.pid()) - before);
			OptionalDouble requestsAfter = this.lag.metrics().cassandraRequests();
			if (requests.isPresent() && requestsAfter.isPresent()) {
				into.cassandraRequests += requestsAfter.getAsDouble() - requests.getAsDouble();
			}
			else {
				into.cassandraRequests = Double.NaN;
			}
			if (catchUp.present() && catchUp.waitedSeconds() > 0) {
				Benchmark.log(String.format("  rollup lag %.0f s, %s within %d s after %.1f s", catchUp.maxSeconds(),
						catchUp.withinBound() ? "back" : "NOT back", this.lag.bound().toSeconds(),
						catchUp.waitedSeconds()));
			}
		}
	}

	/** One path's figures over the slices run so far. */
	private static final class Accumulated {

		private final Tally tally = new Tally();

		private final List<double[]> windows = new ArrayList<>();

		private final PhaseLag.Builder lag;

		private double serviceCpu;

		private double edgeCpu;

		private double nodeCpu;

		/**
		 * The service's Cassandra requests in the slices and the rollup catch-up after
		 * them.
		 */
		private double cassandraRequests;

		Accumulated(double boundSeconds) {
			this.lag = new PhaseLag.Builder(boundSeconds);
		}

		Report.Ingest result(IngestPath path, List<GcLog.Collection> collections) {
			LoadLoop.Phase phase = this.tally.phase(path.name(), path.workload().tenant());
			double millions = Math.max(phase.points(), 1) / 1e6;
			return new Report.Ingest(phase, this.serviceCpu / millions, this.edgeCpu / millions,
					path.throughService() ? GcLog.peakUsedMiB(collections, this.windows) : 0,
					path.newSeries() ? phase.seriesPerSecond() : 0,
					path.throughService() ? this.lag.build(phase.points()) : null,
					(path.throughService() && phase.points() > 0) ? this.cassandraRequests * 1000 / phase.points()
							: Double.NaN,
					this.nodeCpu / millions);
		}

	}

}
