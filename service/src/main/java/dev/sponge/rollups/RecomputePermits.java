package dev.sponge.rollups;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Bounds the groups one worker recomputes at once, across every slot and shard it works
 * on ({@code sponge.rollups.concurrency / group}). Without it each shard of each slot in
 * flight ran that many groups: catching up after a backlog (8 slots x 4 shards), a worker
 * had thousands of statements in flight, more than a slow node answered within the
 * driver's timeout, so passes failed and the backlog grew.
 */
final class RecomputePermits {

	private static final int WAITING = 0;

	private static final int GRANTED = 1;

	private static final int DONE = 2;

	private final Queue<Waiter> waiting = new ArrayDeque<>();

	private int available;

	/** Grants to hand out, one after another on one thread (no recursion). */
	private final Queue<Waiter> grants = new ConcurrentLinkedQueue<>();

	private final AtomicInteger granting = new AtomicInteger();

	RecomputePermits(int permits) {
		this.available = permits;
	}

	/**
	 * {@code work}, subscribed once a permit is free; the permit is given back when it
	 * ends, fails or is cancelled.
	 */
	<T> Mono<T> run(Supplier<Mono<T>> work) {
		return Mono.usingWhen(Mono.<Waiter>create(this::acquire), (permit) -> work.get(), Waiter::release,
				(permit, ex) -> permit.release(), Waiter::release);
	}

	private void acquire(MonoSink<Waiter> sink) {
		Waiter waiter = new Waiter(sink);
		sink.onCancel(waiter::cancel);
		synchronized (this) {
			if (this.available == 0) {
				this.waiting.add(waiter);
				return;
			}
			this.available--;
		}
		grant(waiter);
	}

	/** Passes a permit on to the next waiter, or puts it back. */
	private void giveBack() {
		Waiter next;
		synchronized (this) {
			next = this.waiting.poll();
			if (next == null) {
				this.available++;
				return;
			}
		}
		grant(next);
	}

	// A granted work may end at once and give its permit to the next waiter: the grants
	// run in a loop here instead of nesting one work's subscription in another's end.
	private void grant(Waiter waiter) {
		this.grants.add(waiter);
		if (this.granting.getAndIncrement() != 0) {
			return;
		}
		do {
			Waiter next;
			while ((next = this.grants.poll()) != null) {
				next.granted();
			}
		}
		while (this.granting.decrementAndGet() != 0);
	}

	/** One work waiting for, or holding, a permit. */
	private final class Waiter {

		private final MonoSink<Waiter> sink;

		private final AtomicInteger state = new AtomicInteger(WAITING);

		Waiter(MonoSink<Waiter> sink) {
			this.sink = sink;
		}

		void granted() {
			if (this.state.compareAndSet(WAITING, GRANTED)) {
				this.sink.success(this);
			}
			else {
				// Cancelled while waiting: the permit goes on.
				giveBack();
			}
		}

		void cancel() {
			if (this.state.getAndSet(DONE) == GRANTED) {
				giveBack();
			}
		}

		Mono<Void> release() {
			return Mono.fromRunnable(() -> {
				if (this.state.compareAndSet(GRANTED, DONE)) {
					giveBack();
				}
			});
		}

	}

}
