package dev.sponge.bench;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadTest {

	@Test
	void aLiveWorkloadsPointsCarryTheTimeTheyAreSentAndNeverRepeatOne() {
		AtomicLong clock = new AtomicLong(1_700_000_000_050L);
		Workload workload = Workload.live("t", "m", 3, clock::get);

		long first = workload.timestamp(workload.slice(0, 1).firstOffset());
		clock.addAndGet(60_000);
		long aMinuteLater = workload.timestamp(workload.slice(0, 1).firstOffset());
		// Sent faster than the grid: after the previous point, not on it again.
		long sameInstant = workload.timestamp(workload.slice(0, 1).firstOffset());

		assertThat(first).isEqualTo(1_700_000_000_000L);
		assertThat(aMinuteLater).isEqualTo(1_700_000_060_000L);
		assertThat(sameInstant).isEqualTo(aMinuteLater + Workload.LIVE_STEP_MILLIS);
		assertThat(workload.timestamp(workload.slice(1, 1).firstOffset())).isEqualTo(1_700_000_060_000L);
	}

	@Test
	void aFixedWorkloadsPointsAreConsecutiveWhateverTheClock() {
		Workload workload = Workload.fixed("t", "m", 2, 1_000_000L, Workload.SPARSE_STEP_MILLIS);

		assertThat(workload.slice(0, 5).firstOffset()).isZero();
		assertThat(workload.slice(0, 5).firstOffset()).isEqualTo(5);
		assertThat(workload.timestamp(5)).isEqualTo(1_005_000L);
	}

}
