package dev.sponge.points;

import java.util.concurrent.atomic.LongAdder;

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
		return Flux.deferContextual((context) -> {
			ReadTally tally = context.getOrDefault(KEY, null);
			return (tally != null) ? reads.doOnNext((row) -> tally.rows.increment()) : reads;
		});
	}

}
