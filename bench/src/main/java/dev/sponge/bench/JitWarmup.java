package dev.sponge.bench;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * How long a query warms up before it is measured: at least {@code minimum}, then until
 * the service's JIT is quiet, i.e. its compilers spent under {@value #QUIET_SHARE} of a
 * {@link #WINDOW} compiling (the service's {@code jvm_compilation_time_ms_total}), but at
 * most {@link #MAX_EXTRA} longer. On two cores the service's one C2 thread was still busy
 * for half of a core a minute into the latest-values query (Spring, Reactor and Jackson
 * code recompiled as each new query shape profiles its call sites), while the driver's
 * small read path was long compiled: the query ratios measured the service's warm-up. A
 * zero minimum (the smoke run) skips the wait for quiet.
 */
final class JitWarmup {

	static final Duration WINDOW = Duration.ofSeconds(5);

	static final double QUIET_SHARE = 0.05;

	static final Duration MAX_EXTRA = Duration.ofSeconds(120);

	private final Duration minimum;

	private final DoubleSupplier compileMillis;

	private final LongSupplier nanoTime;

	/**
	 * @param minimum the least warm-up
	 * @param compileMillis the service's compilation time so far in milliseconds, NaN
	 * when it is not exported (then the minimum is the warm-up)
	 */
	JitWarmup(Duration minimum, DoubleSupplier compileMillis) {
		this(minimum, compileMillis, System::nanoTime);
	}

	JitWarmup(Duration minimum, DoubleSupplier compileMillis, LongSupplier nanoTime) {
		this.minimum = minimum;
		this.compileMillis = compileMillis;
		this.nanoTime = nanoTime;
	}

	/** A warm-up starting now. */
	Run start() {
		return new Run(this.nanoTime.getAsLong());
	}

	/**
	 * One query's warm-up in progress; {@link #over()} is asked after every round of the
	 * query's sources.
	 */
	final class Run {

		private final long started;

		private long windowStart;

		private double windowCompileMillis;

		private Boolean quiet;

		Run(long started) {
			this.started = started;
			this.windowStart = started;
			this.windowCompileMillis = JitWarmup.this.compileMillis.getAsDouble();
		}

		/** Whether the warm-up is done. */
		boolean over() {
			long now = JitWarmup.this.nanoTime.getAsLong();
			boolean measured = !Double.isNaN(this.windowCompileMillis);
			if (measured && now - this.windowStart >= WINDOW.toNanos()) {
				double compiled = JitWarmup.this.compileMillis.getAsDouble();
				this.quiet = compiled - this.windowCompileMillis < QUIET_SHARE * ((now - this.windowStart) / 1e6);
				this.windowStart = now;
				this.windowCompileMillis = compiled;
			}
			if (now - this.started < JitWarmup.this.minimum.toNanos()) {
				return false;
			}
			if (JitWarmup.this.minimum.isZero() || !measured || Boolean.TRUE.equals(this.quiet)) {
				return true;
			}
			return now - this.started >= JitWarmup.this.minimum.plus(MAX_EXTRA).toNanos();
		}

		/** Seconds the warm-up took. */
		double seconds() {
			return (JitWarmup.this.nanoTime.getAsLong() - this.started) / 1e9;
		}

		/**
		 * Whether the last full window was quiet; null if no window was judged (no
		 * metric, or the smoke run).
		 */
		Boolean quiet() {
			return this.quiet;
		}

	}

}
