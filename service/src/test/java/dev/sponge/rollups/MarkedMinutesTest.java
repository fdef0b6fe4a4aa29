package dev.sponge.rollups;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.sponge.support.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

class MarkedMinutesTest {

	private static final long MINUTE = 60_000L;

	/**
	 * settle 2 s: a mark covers later requests for settle / 4 = 500 ms past its due base.
	 */
	private final MovableClock clock = new MovableClock();

	private final MarkedMinutes marked = new MarkedMinutes(Duration.ofSeconds(2), this.clock);

	@Test
	void aMarkOfTheCurrentMinuteServesUntilTheMinuteEndsPlusAQuarterOrThreeQuartersOfSettle() {
		long now = this.clock.millis();
		long minute = Math.floorDiv(now, MINUTE) * MINUTE;
		MarkedMinutes.Key key = MarkedMinutes.key("t", "s", minute, 0, 0);
		assertThat(this.marked.coversRequestStartingAt(key, now)).as("before its write").isFalse();
		this.marked.remember(key, minute, now * 1000L);
		assertThat(this.marked.coversRequestStartingAt(key, now)).isTrue();
		long until = minute + MINUTE + 500;
		assertThat(this.marked.coversRequestStartingAt(key, until)).as("a quarter of settle after the minute").isTrue();
		assertThat(this.marked.coversRequestStartingAt(key, until + 1))
			.as("later: its points might land after a worker took the mark")
			.isFalse();
		long pending = minute + MINUTE + 1_500;
		assertThat(this.marked.pendingAt(key, pending)).as("three quarters of settle after the minute").isTrue();
		assertThat(this.marked.pendingAt(key, pending + 1)).as("later: a worker may have taken it").isFalse();
		this.clock.advance(Duration.ofMillis(pending - now));
		assertThat(this.marked.pendingAt(key, this.clock.millis())).as("still remembered").isTrue();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.marked.pendingAt(key, 0)).as("forgotten once it serves nothing").isFalse();
	}

	@Test
	void aMarkOfAnEarlierMinuteServesForAQuarterOrThreeQuartersOfSettleAfterItsWrite() {
		long now = this.clock.millis();
		long minute = Math.floorDiv(now, MINUTE) * MINUTE - 10 * MINUTE;
		MarkedMinutes.Key key = MarkedMinutes.key("t", "s", minute, 0, 0);
		this.marked.remember(key, minute, now * 1000L);
		assertThat(this.marked.coversRequestStartingAt(key, now + 500)).isTrue();
		assertThat(this.marked.coversRequestStartingAt(key, now + 501)).isFalse();
		assertThat(this.marked.pendingAt(key, now + 1_500)).isTrue();
		assertThat(this.marked.pendingAt(key, now + 1_501)).isFalse();
	}

	@Test
	void aMarkWrittenUnderAnotherDeletionMarkTtlSeriesOrMinuteCoversNothing() {
		long now = this.clock.millis();
		long minute = Math.floorDiv(now, MINUTE) * MINUTE;
		this.marked.remember(MarkedMinutes.key("t", "s", minute, 3600, 7), minute, now * 1000L);
		assertThat(this.marked.coversRequestStartingAt(MarkedMinutes.key("t", "s", minute, 3600, 7), now)).isTrue();
		assertThat(this.marked.coversRequestStartingAt(MarkedMinutes.key("t", "s", minute, 3600, 8), now))
			.as("after a delete")
			.isFalse();
		assertThat(this.marked.coversRequestStartingAt(MarkedMinutes.key("t", "s", minute, 7200, 7), now))
			.as("another retention")
			.isFalse();
		assertThat(this.marked.coversRequestStartingAt(MarkedMinutes.key("u", "s", minute, 3600, 7), now)).isFalse();
		assertThat(this.marked.coversRequestStartingAt(MarkedMinutes.key("t", "r", minute, 3600, 7), now)).isFalse();
		assertThat(this.marked.coversRequestStartingAt(MarkedMinutes.key("t", "s", minute + MINUTE, 3600, 7), now))
			.isFalse();
	}

	@Test
	void aMarkNoLongerCoveringAnythingIsNotRemembered() {
		long now = this.clock.millis();
		long minute = Math.floorDiv(now, MINUTE) * MINUTE - 10 * MINUTE;
		MarkedMinutes.Key key = MarkedMinutes.key("t", "s", minute, 0, 0);
		this.marked.remember(key, minute, (now - 1_501) * 1000L);
		assertThat(this.marked.pendingAt(key, 0)).isFalse();
	}

}
