package dev.sponge.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Samples the machine's one-minute load average every five seconds: the machine is
 * shared, so the report says how busy it was.
 */
final class LoadSampler {

	private final ScheduledExecutorService timer;

	private final AtomicReference<double[]> minMaxSum = new AtomicReference<>(
			new double[] { Double.MAX_VALUE, 0, 0, 0 });

	private final double atStart;

	private LoadSampler() {
		this.atStart = ProcessStats.loadAverage();
		this.timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "bench-load-sampler");
			thread.setDaemon(true);
			return thread;
		});
		this.timer.scheduleAtFixedRate(this::sample, 0, 5, TimeUnit.SECONDS);
	}

	static LoadSampler start() {
		return new LoadSampler();
	}

	private void sample() {
		double load = ProcessStats.loadAverage();
		this.minMaxSum
			.updateAndGet((s) -> new double[] { Math.min(s[0], load), Math.max(s[1], load), s[2] + load, s[3] + 1 });
	}

	/** Stops sampling. */
	Load stop() {
		this.timer.shutdownNow();
		double[] s = this.minMaxSum.get();
		return new Load(this.atStart, s[3] > 0 ? s[2] / s[3] : this.atStart, s[1], ProcessStats.loadAverage(),
				Runtime.getRuntime().availableProcessors());
	}

	/**
	 * The machine's load during the run.
	 *
	 * @param atStart one-minute load average before anything started
	 * @param mean mean of the samples
	 * @param max highest sample
	 * @param atEnd at the end
	 * @param cores processors available
	 */
	record Load(double atStart, double mean, double max, double atEnd, int cores) {
	}

}
