package dev.sponge.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a query's warm-up ends: after its minimum, once the service's JIT is quiet, and
 * never later than {@link JitWarmup#MAX_EXTRA} past the minimum. A hand-moved clock and
 * compilation counter stand in for the service.
 */
class JitWarmupTest {

	private static final Duration MINIMUM = Duration.ofSeconds(20);

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private double compileMillis;

	private final JitWarmup warmup = new JitWarmup(MINIMUM, () -> this.compileMillis, this.nanos::get);

	@Test
	void aServiceStillCompilingIsWarmedUpUntilItIsQuiet() {
		JitWarmup.Run run = this.warmup.start();
		// Compiling for half of every second: busy.
		assertThat(advanceWhileCompiling(run, 30, 500)).as("over while the JIT works half of the time").isFalse();
		this.compileMillis += 100;
		advance(Duration.ofSeconds(5));

		assertThat(run.over()).as("over after a window with 2 % compiling").isTrue();
		assertThat(run.quiet()).isTrue();
		assertThat(run.seconds()).isEqualTo(35.0);
	}

	@Test
	void aQuietServiceIsMeasuredAfterTheMinimum() {
		JitWarmup.Run run = this.warmup.start();
		advance(Duration.ofSeconds(10));
		assertThat(run.over()).isFalse();
		advance(Duration.ofSeconds(10));

		assertThat(run.over()).isTrue();
		assertThat(run.quiet()).isTrue();
	}

	@Test
	void aServiceThatNeverSettlesIsMeasuredAtTheCap() {
		JitWarmup.Run run = this.warmup.start();
		long capSeconds = MINIMUM.plus(JitWarmup.MAX_EXTRA).toSeconds();

		assertThat(advanceWhileCompiling(run, capSeconds - 1, 300)).isFalse();
		this.compileMillis += 300;
		advance(Duration.ofSeconds(1));
		assertThat(run.over()).isTrue();
		assertThat(run.quiet()).as("judged, and not quiet").isFalse();
	}

	@Test
	void withoutTheMetricOrWithoutAMinimumOnlyTheMinimumCounts() {
		JitWarmup.Run unmeasured = new JitWarmup(MINIMUM, () -> Double.NaN, this.nanos::get).start();
		JitWarmup.Run smoke = new JitWarmup(Duration.ZERO, () -> this.compileMillis, this.nanos::get).start();
		this.compileMillis += 1_000;

		assertThat(smoke.over()).isTrue();
		assertThat(unmeasured.over()).isFalse();
		advance(MINIMUM);
		assertThat(unmeasured.over()).isTrue();
		assertThat(unmeasured.quiet()).isNull();
	}

	/**
	 * Moves the clock a second at a time, the JIT compiling {@code millisPerSecond} in
	 * each; returns whether the warm-up said it was over at any step.
	 */
	private boolean advanceWhileCompiling(JitWarmup.Run run, long seconds, double millisPerSecond) {
		boolean over = false;
		for (long s = 0; s < seconds; s++) {
			this.compileMillis += millisPerSecond;
			advance(Duration.ofSeconds(1));
			over |= run.over();
		}
		return over;
	}

	private void advance(Duration by) {
		this.nanos.addAndGet(by.toNanos());
	}

}
