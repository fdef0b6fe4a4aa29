package dev.sponge.bench;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The service's rollup lag ({@value ServiceMetrics#ROLLUP_LAG}): how late the oldest due
 * rollup work is. Sampled every second while a phase runs; after it, polled until it is
 * back within the bound or a deadline passes. A service that does not export the gauge
 * has no lag to report (n/a) and is never waited for.
 */
final class RollupLag implements AutoCloseable {

	private static final long SAMPLE_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final long MINUTE_MILLIS = 60_000;

	/**
	 * How long after a minute ends its rollup work has surely fallen due on the service's
	 * default settings: {@code settle} 2 s, {@code slot} 4 s, {@code grace} 1 s and a
	 * poll of 0.5 s, with room to spare.
	 */
	private static final long LIVE_ROLLUP_DEFERRAL_MILLIS = 10_000;

	/**
	 * How long to wait for the lag to return within the bound: far beyond what a healthy
	 * service needs after a slice, short enough that a stuck one cannot hang the run.
	 */
	static final Duration CATCH_UP_DEADLINE = Duration.ofMinutes(2);

	private final ServiceMetrics metrics;

	private final Duration bound;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "bench-rollup-lag");
		thread.setDaemon(true);
		return thread;
	});

	/** Where the lag is read from. */
	ServiceMetrics metrics() {
		return this.metrics;
	}

	RollupLag(ServiceMetrics metrics, Duration bound) {
		this.metrics = metrics;
		this.bound = bound;
	}

	Duration bound() {
		return this.bound;
	}

	/** Starts sampling every second, from now until {@link Sampling#stop()}. */
	Sampling sampleEverySecond() {
		Sampling sampling = new Sampling();
		sampling.task = this.timer.scheduleAtFixedRate(() -> sampling.record(this.metrics.rollupLagSeconds()), 0,
				SAMPLE_NANOS, TimeUnit.NANOSECONDS);
		return sampling;
	}

	/**
	 * Polls once a second until the lag is within the bound, the metric is absent, or
	 * {@link #CATCH_UP_DEADLINE} passes.
	 */
	CatchUp awaitWithinBound() {
		return await(this.bound.toMillis() / 1000.0);
	}

	/**
	 * Waits until the rollup work of a live path's last minute (the current one) has
	 * fallen due: its marks are due once the minute is over (plus the service's settle,
	 * slot and grace, a few seconds), so until then the service's lag does not show that
	 * work, and it would run in the next path's slice. The path is charged for it
	 * instead.
	 */
	static void awaitLiveMinuteDue() {
		long now = System.currentTimeMillis();
		long due = Math.floorDiv(now, MINUTE_MILLIS) * MINUTE_MILLIS + MINUTE_MILLIS + LIVE_ROLLUP_DEFERRAL_MILLIS;
		LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(due - now));
	}

	/** Polls once a second until the lag is 0 (caught up), within the same deadline. */
	CatchUp awaitCaughtUp() {
		return await(0);
	}

	private CatchUp await(double limitSeconds) {
		long start = System.nanoTime();
		long deadline = start + CATCH_UP_DEADLINE.toNanos();
		double max = 0;
		while (true) {
			long sampled = System.nanoTime();
			OptionalDouble lag = this.metrics.rollupLagSeconds();
			if (lag.isEmpty()) {
				return CatchUp.ABSENT;
			}
			max = Math.max(max, lag.getAsDouble());
			double waited = (sampled - start) / 1e9;
			if (lag.getAsDouble() <= limitSeconds) {
				return new CatchUp(true, max, waited, true);
			}
			if (sampled - deadline > 0) {
				return new CatchUp(true, max, waited, false);
			}
			LockSupport.parkNanos(Math.max(0, sampled + SAMPLE_NANOS - System.nanoTime()));
		}
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

	/** The largest lag seen by one run of samples; empty while the gauge was absent. */
	static final class Sampling {

		private final AtomicReference<OptionalDouble> max = new AtomicReference<>(OptionalDouble.empty());

		private ScheduledFuture<?> task;

		private void record(OptionalDouble lag) {
			if (lag.isPresent()) {
				this.max.updateAndGet((m) -> OptionalDouble.of(Math.max(m.orElse(0), lag.getAsDouble())));
			}
		}

		/** Stops sampling; returns the largest lag seen. */
		OptionalDouble stop() {
			this.task.cancel(false);
			return this.max.get();
		}

	}

	/**
	 * The lag after a phase.
	 *
	 * @param present whether the service exports the gauge
	 * @param maxSeconds largest lag seen from the end of the phase until it was within
	 * the bound
	 * @param waitedSeconds how long that took (0 if it already was)
	 * @param withinBound whether it got there before the deadline
	 */
	record CatchUp(boolean present, double maxSeconds, double waitedSeconds, boolean withinBound) {

		static final CatchUp ABSENT = new CatchUp(false, 0, 0, true);

	}

}
