package dev.sponge.query;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Bounds how many of the series a {@code group_by} group merges are read from Cassandra
 * at once ({@code sponge.query.merge-concurrency}). A merge by time keeps every member's
 * stream open and asks each for its next rows as it drains them; without a bound a group
 * of a thousand series would send a thousand reads at once, and again with every refill.
 * Through the gate, a stream passes its demand on only while it holds a permit, and gives
 * the permit back once the rows it asked for arrived (or it ended), so a permit is never
 * held by a stream waiting for the merge, and every stream gets its turn.
 */
final class ReadGate {

	private static final int IDLE = 0;

	private static final int WAITING = 1;

	private static final int HOLDING = 2;

	private static final int DONE = 3;

	private final Queue<Runnable> waiting = new ArrayDeque<>();

	private int available;

	/** Grants to run, one after another on one thread (no recursion through sources). */
	private final Queue<Runnable> grants = new ConcurrentLinkedQueue<>();

	private final AtomicInteger granting = new AtomicInteger();

	ReadGate(int permits) {
		this.available = permits;
	}

	/** {@code source}, reading only while it holds one of the gate's permits. */
	<T> Flux<T> gated(Flux<T> source) {
		return source.transform(Operators.<T, T>lift((scannable, actual) -> new Gated<>(actual)));
	}

	private void acquire(Runnable granted) {
		synchronized (this) {
			if (this.available == 0) {
				this.waiting.add(granted);
				return;
			}
			this.available--;
		}
		grant(granted);
	}

	private void release() {
		Runnable next;
		synchronized (this) {
			next = this.waiting.poll();
			if (next == null) {
				this.available++;
				return;
			}
		}
		grant(next);
	}

	private void grant(Runnable granted) {
		this.grants.add(granted);
		if (this.granting.getAndIncrement() != 0) {
			return;
		}
		do {
			Runnable next;
			while ((next = this.grants.poll()) != null) {
				next.run();
			}
		}
		while (this.granting.decrementAndGet() != 0);
	}

	/** One stream through the gate. */
	private final class Gated<T> implements CoreSubscriber<T>, Subscription {

		private final CoreSubscriber<? super T> actual;

		private final AtomicInteger state = new AtomicInteger(IDLE);

		/** Demand asked for downstream and not passed on yet. */
		private final AtomicLong demand = new AtomicLong();

		/** Rows passed on upstream and not arrived yet. */
		private final AtomicLong outstanding = new AtomicLong();

		private Subscription upstream;

		Gated(CoreSubscriber<? super T> actual) {
			this.actual = actual;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.upstream, subscription)) {
				this.upstream = subscription;
				this.actual.onSubscribe(this);
			}
		}

		@Override
		public void request(long n) {
			if (Operators.validate(n)) {
				this.demand.getAndUpdate((current) -> Operators.addCap(current, n));
				tryAcquire();
			}
		}

		private void tryAcquire() {
			if (this.demand.get() > 0 && this.state.compareAndSet(IDLE, WAITING)) {
				acquire(this::granted);
			}
		}

		private void granted() {
			if (!this.state.compareAndSet(WAITING, HOLDING)) {
				// Ended while waiting: the permit goes on.
				release();
				return;
			}
			long n = this.demand.getAndSet(0);
			if (n == 0) {
				giveBack();
				return;
			}
			this.outstanding.set(n);
			this.upstream.request(n);
		}

		private void giveBack() {
			if (this.state.compareAndSet(HOLDING, IDLE)) {
				release();
				tryAcquire();
			}
		}

		@Override
		public void onNext(T item) {
			boolean arrived = this.outstanding.decrementAndGet() == 0;
			this.actual.onNext(item);
			if (arrived) {
				giveBack();
			}
		}

		@Override
		public void onError(Throwable error) {
			end();
			this.actual.onError(error);
		}

		@Override
		public void onComplete() {
			end();
			this.actual.onComplete();
		}

		@Override
		public void cancel() {
			end();
			this.upstream.cancel();
		}

		private void end() {
			if (this.state.getAndSet(DONE) == HOLDING) {
				release();
			}
		}

	}

}
