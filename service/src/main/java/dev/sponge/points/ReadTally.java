package dev.sponge.points;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Counts the rows (points, rollup rows, latest values) a piece of work reads from
 * Cassandra: the work runs {@link #tallying} and the storage's reads count themselves
 * through {@link #counted} into the tally they find in the Reactor context. Work without
 * a tally (ingest, background rollups) reads uncounted.
 */
public final class ReadTally {

	private static final Class<ReadTally> KEY = ReadTally.class;

	private final LongAdder rows = new LongAdder();

	/** {@code work}, its reads counted in this tally. */
	public <T> Mono<T> tallying(Mono<T> work) {
		return work.contextWrite(Context.of(KEY, this));
	}

	/** Rows counted so far. */
	public long rows() {
		return this.rows.sum();
	}

	/**
	 * {@code reads}, each row counted in the tally of the subscriber's context, if any.
	 */
	public static <T> Flux<T> counted(Flux<T> reads) {
		return counted(reads, (rows) -> {
		});
	}

	/**
	 * {@code reads}, its rows counted in the tally of the subscriber's context, if any,
	 * and given to {@code alsoCounted}: once, when the reads end or are cancelled (an
	 * atomic update per row would cost more than the row).
	 */
	public static <T> Flux<T> counted(Flux<T> reads, LongConsumer alsoCounted) {
		return Flux.deferContextual((context) -> {
			ReadTally tally = context.getOrDefault(KEY, null);
			Rows rows = new Rows();
			Runnable settle = () -> {
				long read = rows.take();
				if (read > 0) {
					if (tally != null) {
						tally.rows.add(read);
					}
					alsoCounted.accept(read);
				}
			};
			return reads.doOnNext((row) -> rows.count()).doOnTerminate(settle).doOnCancel(settle);
		});
	}

	/**
	 * Rows of one subscription: counted by its signals, which are serial; taken at its
	 * end.
	 */
	private static final class Rows {

		private volatile long count;

		void count() {
			// One writer at a time (the subscription's signals are serial).
			this.count = this.count + 1;
		}

		synchronized long take() {
			long taken = this.count;
			this.count = 0;
			return taken;
		}

	}

}
