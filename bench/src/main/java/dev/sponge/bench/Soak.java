package dev.sponge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Issue 8's sustained soak: NDJSON ingest through the service for many minutes, with the
 * heap after each minute's collections recorded. "Flat" means the live heap (the lowest
 * heap after GC in a minute) in the last third of the run is at most 10% of {@code -Xmx}
 * above the first third's (the first minute, JIT and caches filling, excluded).
 */
final class Soak {

	private static final long MAX_HEAP_MIB = 512;

	private Soak() {
	}

	static Result run(Workload data, BenchOptions options, ServiceProcess service, Tokens tokens) {
		Benchmark.log("Soak: " + options.soak() + " minutes of NDJSON ingest");
		Tally tally = new Tally();
		List<double[]> marks = new CopyOnWriteArrayList<>();
		ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
		marks.add(new double[] { service.uptime(), 0, ProcessStats.rssMiB(service.pid()) });
		timer.scheduleAtFixedRate(
				() -> marks.add(new double[] { service.uptime(), tally.points(), ProcessStats.rssMiB(service.pid()) }),
				60, 60, TimeUnit.SECONDS);
		HttpIngest client = new HttpIngest(service.url(), tokens.writerReader(data.tenant()), options.clients());
		try {
			LoadLoop.run(LoadLoop.usualBatches(data, options), options.clients(), Duration.ofMinutes(options.soak()),
					client::ndjson, tally);
		}
		finally {
			timer.shutdownNow();
			client.close();
		}
		LoadLoop.Phase phase = tally.phase("soak NDJSON", data.tenant());
		List<GcLog.Collection> gcs = service.collections();
		List<Minute> minutes = new ArrayList<>();
		for (int i = 1; i < marks.size(); i++) {
			double from = marks.get(i - 1)[0];
			double to = marks.get(i)[0];
			List<GcLog.Collection> inMinute = gcs.stream()
				.filter((c) -> c.uptime() >= from && c.uptime() < to)
				.toList();
			minutes.add(new Minute(i, (marks.get(i)[1] - marks.get(i - 1)[1]) / (to - from),
					inMinute.stream().mapToLong(GcLog.Collection::afterMiB).min().orElse(-1),
					inMinute.stream().mapToLong(GcLog.Collection::beforeMiB).max().orElse(-1), marks.get(i)[2]));
		}
		long growth = growth(minutes);
		return new Result(phase, minutes, growth, growth <= MAX_HEAP_MIB / 10);
	}

	private static long growth(List<Minute> minutes) {
		List<Minute> measured = minutes.stream().filter((m) -> m.index() > 1 && m.liveHeapMiB() >= 0).toList();
		if (measured.size() < 3) {
			return 0;
		}
		int third = measured.size() / 3;
		long first = measured.subList(0, third).stream().mapToLong(Minute::liveHeapMiB).max().orElse(0);
		long last = measured.subList(measured.size() - third, measured.size())
			.stream()
			.mapToLong(Minute::liveHeapMiB)
			.max()
			.orElse(0);
		return last - first;
	}

	/**
	 * One minute of the soak.
	 *
	 * @param index minute number, from 1
	 * @param pointsPerSecond acknowledged points per second in that minute
	 * @param liveHeapMiB lowest heap after a collection in that minute, -1 if none ran
	 * @param peakHeapMiB highest heap before a collection in that minute, -1 if none ran
	 * @param rssMiB resident set size of the service at the end of the minute
	 */
	record Minute(int index, double pointsPerSecond, long liveHeapMiB, long peakHeapMiB, double rssMiB) {
	}

	/**
	 * The soak's outcome.
	 *
	 * @param phase the ingest figures (errors must be zero)
	 * @param minutes the timeline
	 * @param liveHeapGrowthMiB growth of the live heap from the first to the last third
	 * @param heapFlat whether the growth is within 10% of {@code -Xmx}
	 */
	record Result(LoadLoop.Phase phase, List<Minute> minutes, long liveHeapGrowthMiB, boolean heapFlat) {
	}

}
