package dev.sponge.rollups;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Write times for recomputed rollup rows: wall-clock microseconds, strictly increasing
 * within this instance, so of two recomputes here the one that started reading later
 * always wins. Across instances it relies on synchronised clocks (docs/data-model.md).
 */
final class WriteClock {

	private final Clock clock;

	private final AtomicLong last = new AtomicLong();

	WriteClock(Clock clock) {
		this.clock = clock;
	}

	long nextMicros() {
		Instant now = this.clock.instant();
		long micros = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000L);
		return this.last.updateAndGet((previous) -> Math.max(previous + 1, micros));
	}

}
