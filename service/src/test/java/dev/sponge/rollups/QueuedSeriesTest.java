package dev.sponge.rollups;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.sponge.support.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

class QueuedSeriesTest {

	private final MovableClock clock = new MovableClock();

	private final QueuedSeries queued = new QueuedSeries(Duration.ofSeconds(4), this.clock);

	@Test
	void aRowIsRememberedOnceWrittenForOneSlotLength() {
		QueuedSeries.Key key = QueuedSeries.key(100, "t", "m", "s");
		assertThat(this.queued.written(key)).as("before its write").isFalse();
		this.queued.remember(key);
		assertThat(this.queued.written(key)).isTrue();
		this.clock.advance(Duration.ofMillis(3_999));
		assertThat(this.queued.written(key)).as("within the slot length").isTrue();
		this.clock.advance(Duration.ofMillis(2));
		assertThat(this.queued.written(key)).as("after the slot length: written again").isFalse();
	}

	@Test
	void rowsOfOtherSlotsTenantsMetricsAndSeriesAreTheirOwn() {
		this.queued.remember(QueuedSeries.key(100, "t", "m", "s"));
		assertThat(this.queued.written(QueuedSeries.key(101, "t", "m", "s"))).isFalse();
		assertThat(this.queued.written(QueuedSeries.key(100, "u", "m", "s"))).isFalse();
		assertThat(this.queued.written(QueuedSeries.key(100, "t", "n", "s"))).isFalse();
		assertThat(this.queued.written(QueuedSeries.key(100, "t", "m", "r"))).isFalse();
	}

}
