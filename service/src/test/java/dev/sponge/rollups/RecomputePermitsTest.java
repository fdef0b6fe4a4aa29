package dev.sponge.rollups;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;

class RecomputePermitsTest {

	@Test
	void runsAtMostItsPermitsAtOnceAndStartsTheNextWhenOneEnds() {
		RecomputePermits permits = new RecomputePermits(2);
		List<Sinks.One<Integer>> works = new ArrayList<>();
		AtomicInteger started = new AtomicInteger();
		List<Integer> results = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Sinks.One<Integer> work = Sinks.one();
			works.add(work);
			permits.run(() -> {
				started.incrementAndGet();
				return work.asMono();
			}).subscribe(results::add);
		}
		assertThat(started).hasValue(2);

		works.get(0).tryEmitValue(0);
		assertThat(started).hasValue(3);
		works.get(1).tryEmitError(new IllegalStateException("a failed pass"));
		assertThat(started).hasValue(4);
		works.get(2).tryEmitValue(2);
		works.get(3).tryEmitValue(3);
		works.get(4).tryEmitValue(4);
		assertThat(results).containsExactly(0, 2, 3, 4);
	}

	@Test
	void aCancelledWorkGivesItsPermitBackWhetherRunningOrWaiting() {
		RecomputePermits permits = new RecomputePermits(1);
		AtomicInteger started = new AtomicInteger();
		Disposable running = permits.run(() -> {
			started.incrementAndGet();
			return Mono.never();
		}).subscribe();
		Disposable waiting = permits.run(() -> {
			started.incrementAndGet();
			return Mono.never();
		}).subscribe();
		List<String> last = new ArrayList<>();
		permits.run(() -> Mono.just("ran")).subscribe(last::add);
		assertThat(started).hasValue(1);

		waiting.dispose();
		running.dispose();

		assertThat(started).hasValue(1);
		assertThat(last).containsExactly("ran");
		permits.run(() -> Mono.just("again")).subscribe(last::add);
		assertThat(last).containsExactly("ran", "again");
	}

	@Test
	void manyWorksThatEndAtOnceRunOneAfterAnotherWithoutNesting() {
		RecomputePermits permits = new RecomputePermits(1);
		Sinks.One<Integer> first = Sinks.one();
		List<Integer> ended = new ArrayList<>();
		List<Integer> stackDepths = new ArrayList<>();
		permits.run(first::asMono).subscribe(ended::add);
		for (int i = 1; i <= 10_000; i++) {
			int value = i;
			permits.run(() -> Mono.fromSupplier(() -> {
				stackDepths.add(Thread.currentThread().getStackTrace().length);
				return value;
			})).subscribe(ended::add);
		}
		assertThat(ended).isEmpty();

		first.tryEmitValue(0);

		// The permit is given back before a work's result goes on, so the waiters may end
		// first.
		assertThat(ended).hasSize(10_001).contains(0).containsSubsequence(1, 2, 10_000);
		// Each waiter started from the same loop, not from inside the one before.
		assertThat(stackDepths.stream().mapToInt(Integer::intValue).max().getAsInt()
				- stackDepths.stream().mapToInt(Integer::intValue).min().getAsInt())
			.isLessThan(50);
	}

}
