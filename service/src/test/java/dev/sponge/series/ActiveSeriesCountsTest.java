package dev.sponge.series;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sponge.series.SeriesCatalog.Crowded;
import dev.sponge.support.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

class ActiveSeriesCountsTest {

	private static final Duration WINDOW = Duration.ofMinutes(64);

	private final MovableClock clock = new MovableClock();

	private final ActiveSeriesCounts counts = new ActiveSeriesCounts(WINDOW, this.clock);

	@Test
	void seriesCountUntilTheirRegistrationExpiresAndThenMakeRoom() {
		assertThat(this.counts.add("t1", expiringIn(Duration.ofMinutes(10), 2), 3)).isEmpty();
		assertThat(this.counts.add("t1", expiringIn(Duration.ofMinutes(30), 1), 3)).isEmpty();
		assertThat(this.counts.active("t1")).isEqualTo(3);

		Crowded crowded = this.counts.add("t1", expiringIn(WINDOW, 1), 3).orElseThrow();
		assertThat(crowded.active()).isEqualTo(3);
		assertThat(crowded.adding()).isEqualTo(1);
		// The two oldest leave after ten minutes: the first of them makes room.
		assertThat(crowded.retryAfter()).isEqualTo(Duration.ofMinutes(10));
		assertThat(this.counts.active("t1")).as("a refused request counts nothing").isEqualTo(3);

		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.counts.active("t1")).isEqualTo(1);
		assertThat(this.counts.add("t1", expiringIn(WINDOW, 2), 3)).isEmpty();
		this.clock.advance(Duration.ofMinutes(20));
		assertThat(this.counts.active("t1")).isEqualTo(2);
	}

	@Test
	void tenantsAreCountedApart() {
		assertThat(this.counts.add("t1", expiringIn(WINDOW, 5), 5)).isEmpty();
		assertThat(this.counts.add("t1", expiringIn(WINDOW, 1), 5)).isPresent();

		assertThat(this.counts.add("t2", expiringIn(WINDOW, 5), 5)).isEmpty();
		assertThat(this.counts.active("t1")).isEqualTo(5);
		assertThat(this.counts.active("t2")).isEqualTo(5);
		assertThat(this.counts.active("t3")).isZero();
	}

	@Test
	void aRequestWithMoreNewSeriesThanTheLimitWaitsAtMostAWindow() {
		Crowded crowded = this.counts.add("t1", expiringIn(WINDOW, 4), 3).orElseThrow();

		assertThat(crowded.active()).isZero();
		assertThat(crowded.retryAfter()).isEqualTo(WINDOW);
		assertThat(this.counts.active("t1")).isZero();
	}

	@Test
	void aSeriesForgottenEarlyLeavesTheCount() {
		long expiresAt = this.clock.millis() + Duration.ofMinutes(40).toMillis();
		assertThat(this.counts.add("t1", List.of(expiresAt, expiresAt), 2)).isEmpty();

		this.counts.remove("t1", expiresAt);
		assertThat(this.counts.active("t1")).isEqualTo(1);
		assertThat(this.counts.add("t1", List.of(expiresAt), 2)).isEmpty();
		// Once its slice is over, taking it back changes nothing.
		this.clock.advance(Duration.ofMinutes(40));
		this.counts.remove("t1", expiresAt);
		assertThat(this.counts.active("t1")).isZero();
		assertThat(this.counts.add("t1", expiringIn(WINDOW, 2), 2)).isEmpty();
	}

	@Test
	void aSeriesLeavesAtMostOneSliceEarlyAndNeverLate() {
		Duration life = Duration.ofMinutes(10).plusSeconds(30);
		assertThat(this.counts.add("t1", expiringIn(life, 1), 1)).isEmpty();

		this.clock.advance(Duration.ofMinutes(10).minusMillis(1));
		assertThat(this.counts.active("t1")).isEqualTo(1);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.counts.active("t1")).isZero();
	}

	private List<Long> expiringIn(Duration life, int series) {
		return Collections.nCopies(series, this.clock.millis() + life.toMillis());
	}

}
