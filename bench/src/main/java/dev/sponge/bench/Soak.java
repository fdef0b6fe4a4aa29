package dev.sponge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Issue 8's sustained soak: NDJSON ingest through the service for many minutes, with the
 * heap after each minute's collections and the direct memory at the end of each minute
 * recorded. "Flat" means the figure in the last third of the run is at most 10% of
 * {@code -Xmx} above the first third's (the first minute, JIT and caches filling,
 * excluded): for the heap the live heap (the lowest heap after GC in a minute), for
 * direct memory its use at the minute's end (the JVM caps direct memory at {@code -Xmx}
 * unless told otherwise, so the same bound applies).
 */
final class Soak {

	private static final long MAX_HEAP_MIB = 512;

	private static final double FLAT_MIB = MAX_HEAP_MIB / 10.0;

	private Soak() {
	}

	static Result run(Workload data, BenchOptions options, ServiceProcess service, Tokens tokens, RollupLag lag) {
		Benchmark.log("Soak: " + options.soak() + " minutes of NDJSON ingest");
		Tally tally = new Tally();
		List<Mark> marks = new CopyOnWriteArrayList<>();
		ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
		marks.add(Mark.now(service, 0));
		timer.scheduleAtFixedRate(() -> marks.add(Mark.now(service, tally.points())), 60, 60, TimeUnit.SECONDS);
		HttpIngest client = new HttpIngest(service.url(), tokens.writerReader(data.tenant()), options.clients());
		PhaseLag.Builder lagged = new PhaseLag.Builder(lag.bound().toMillis() / 1000.0);
		RollupLag.Sampling sampling = lag.sampleEverySecond();
		try {
			LoadLoop.run(LoadLoop.usualBatches(data, options), options.clients(), Duration.ofMinutes(options.soak()),
					client::ndjson, tally);
		}
		finally {
			lagged.during(sampling.stop());
			timer.shutdownNow();
			client.close();
		}
		double cpu = ProcessStats.cpuSeconds(service.pid());
		lagged.after(lag.awaitWithinBound(), ProcessStats.cpuSeconds(service.pid()) - cpu);
		LoadLoop.Phase phase = tally.phase("soak NDJSON", data.tenant());
		List<GcLog.Collection> gcs = service.collections();
		List<Minute> minutes = new ArrayList<>();
		for (int i = 1; i < marks.size(); i++) {
			Mark from = marks.get(i - 1);
			Mark to = marks.get(i);
			List<GcLog.Collection> inMinute = gcs.stream()
				.filter((c) -> c.uptime() >= from.uptime() && c.uptime() < to.uptime())
				.toList();
			minutes.add(new Minute(i, (to.points() - from.points()) / (to.uptime() - from.uptime()),
					inMinute.stream().mapToLong(GcLog.Collection::afterMiB).min().orElse(-1),
					inMinute.stream().mapToLong(GcLog.Collection::beforeMiB).max().orElse(-1), to.direct().jvmMiB(),
					to.direct().nettyMiB(), to.rssMiB()));
		}
		double heapGrowth = growth(minutes, (m) -> m.liveHeapMiB());
		double directGrowth = growth(minutes, Minute::directMiB);
		double nettyGrowth = growth(minutes, Minute::nettyDirectMiB);
		Boolean directFlat = minutes.stream().anyMatch((m) -> m.directMiB() >= 0)
				? directGrowth <= FLAT_MIB && nettyGrowth <= FLAT_MIB : null;
		return new Result(phase, minutes, Math.round(heapGrowth), heapGrowth <= FLAT_MIB, directGrowth, directFlat,
				lagged.build(phase.points()));
	}

	/**
	 * Growth of a figure from the first to the last third of the minutes (the first
	 * minute and minutes without the figure excluded), 0 when too few minutes.
	 */
	private static double growth(List<Minute> minutes, ToDoubleFunction<Minute> figure) {
		List<Minute> measured = minutes.stream().filter((m) -> m.index() > 1 && figure.applyAsDouble(m) >= 0).toList();
		if (measured.size() < 3) {
			return 0;
		}
		int third = measured.size() / 3;
		double first = measured.subList(0, third).stream().mapToDouble(figure).max().orElse(0);
		double last = measured.subList(measured.size() - third, measured.size())
			.stream()
			.mapToDouble(figure)
			.max()
			.orElse(0);
		return last - first;
	}

	/** The service at a minute's end. */
	private record Mark(double uptime, long points, double rssMiB, ServiceMetrics.DirectMemory direct) {

		static Mark now(ServiceProcess service, long points) {
			return new Mark(service.uptime(), points, ProcessStats.rssMiB(service.pid()),
					service.metrics().directMemory());
		}

	}

	/**
	 * One minute of the soak.
	 *
	 * @param index minute number, from 1
	 * @param pointsPerSecond acknowledged points per second in that minute
	 * @param liveHeapMiB lowest heap after a collection in that minute, -1 if none ran
	 * @param peakHeapMiB highest heap before a collection in that minute, -1 if none ran
	 * @param directMiB the JVM's direct memory in use at the end of the minute
	 * ({@code jvm_buffer_memory_used_bytes{id="direct"}}), -1 if not exported
	 * @param nettyDirectMiB Reactor Netty's pooled direct memory in use at the end of the
	 * minute, -1 if not exported
	 * @param rssMiB resident set size of the service at the end of the minute
	 */
	record Minute(int index, double pointsPerSecond, long liveHeapMiB, long peakHeapMiB, double directMiB,
			double nettyDirectMiB, double rssMiB) {
	}

	/**
	 * The soak's outcome.
	 *
	 * @param phase the ingest figures (errors must be zero)
	 * @param minutes the timeline
	 * @param liveHeapGrowthMiB growth of the live heap from the first to the last third
	 * @param heapFlat whether the growth is within 10% of {@code -Xmx}
	 * @param directGrowthMiB growth of the JVM's direct memory from the first to the last
	 * third
	 * @param directFlat whether that growth (and Netty's, where exported) is within 10%
	 * of {@code -Xmx}; null if the service does not export its direct memory
	 * @param rollupLag the rollup lag during and after the soak
	 */
	record Result(LoadLoop.Phase phase, List<Minute> minutes, long liveHeapGrowthMiB, boolean heapFlat,
			double directGrowthMiB, Boolean directFlat, PhaseLag rollupLag) {
	}

}
