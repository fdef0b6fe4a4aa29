package dev.sponge.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import dev.sponge.rollups.Partial;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code group_by} merge of many series through the gate: every row arrives in time
 * order, and never more than the gate's permits of series have a read in flight.
 */
class ReadGateTest {

	private static final int SERIES = 100;

	private static final int ROWS = 50;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger mostInFlight = new AtomicInteger();

	@Test
	void aMergeOfAHundredSeriesHasAtMostThePermitsReadsInFlightAndLosesNoRow() {
		Scheduler cassandra = Schedulers.newParallel("fake-cassandra", 4);
		try {
			ReadGate gate = new ReadGate(4);
			List<Flux<Partial>> sources = new ArrayList<>();
			for (int i = 0; i < SERIES; i++) {
				sources.add(gate.gated(series(i, cassandra)));
			}

			StepVerifier.create(SeriesGroups.merge(sources, 10).map(Partial::start).collectList())
				.assertNext((starts) -> assertThat(starts).hasSize(SERIES * ROWS).isSorted())
				.expectComplete()
				.verify(Duration.ofSeconds(30));
		}
		finally {
			// Let reads already scheduled answer, so the in-flight count is final.
			cassandra.disposeGracefully().block(Duration.ofSeconds(10));
		}
		assertThat(this.mostInFlight.get()).isBetween(2, 4);
		assertThat(this.inFlight.get()).isZero();
	}

	@Test
	void seriesCancelledHoldingOrAwaitingThePermitPassItOn() {
		ReadGate gate = new ReadGate(1);
		Disposable holding = gate.gated(Flux.never()).subscribe();
		Disposable waiting = gate.gated(Flux.range(0, 3)).subscribe();
		waiting.dispose();
		holding.dispose();

		StepVerifier.create(gate.gated(Flux.range(0, 100)).take(5)).expectNextCount(5).verifyComplete();
		StepVerifier.create(gate.gated(Flux.range(0, 3)))
			.expectNext(0, 1, 2)
			.expectComplete()
			.verify(Duration.ofSeconds(30));
	}

	/**
	 * Rows {@code j * SERIES + i}: a read per request, answered on another thread, as the
	 * driver does. The last row's arrival can ask for more before the source completes.
	 */
	private Flux<Partial> series(int i, Scheduler cassandra) {
		return Flux.create((sink) -> {
			AtomicInteger next = new AtomicInteger();
			sink.onRequest((n) -> {
				if (next.get() == ROWS) {
					// Asked again while handing over its last row: an exhausted result
					// reads no more.
					return;
				}
				int most = this.inFlight.incrementAndGet();
				this.mostInFlight.accumulateAndGet(most, Math::max);
				cassandra.schedule(() -> {
					this.inFlight.decrementAndGet();
					for (long k = 0; k < n && next.get() < ROWS; k++) {
						int j = next.getAndIncrement();
						sink.next(Partial.of((long) j * SERIES + i, j));
					}
					if (next.get() == ROWS) {
						sink.complete();
					}
				});
			});
		});
	}

}
