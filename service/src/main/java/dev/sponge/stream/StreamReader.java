package dev.sponge.stream;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;

import dev.sponge.logging.RequestId;
import dev.sponge.paging.CursorCodec;
import dev.sponge.series.TagFilter;

/**
 * Turns the change log into the events of one stream. Each poll reads at most
 * {@code page-rows} rows from the stream's position up to {@code now - lag}, in arrival
 * order; the next poll starts only after the client has taken every event of this one, so
 * a slow client slows the polls instead of filling memory.
 */
@Component
class StreamReader {

	private static final Logger log = LoggerFactory.getLogger(StreamReader.class);

	private final StreamLog streamLog;

	private final StreamProperties properties;

	private final Clock clock;

	private final CursorCodec cursors;

	StreamReader(StreamLog streamLog, StreamProperties properties, CursorCodec cursors, Clock clock) {
		this.streamLog = streamLog;
		this.cursors = cursors;
		this.properties = properties;
		this.clock = clock;
	}

	/** Where a new stream starts: with what arrived up to {@code lag} ago. */
	StreamPosition start() {
		return StreamPosition.after(cutoff());
	}

	/**
	 * The events of one stream from {@code position} on: an {@code open} marker (so the
	 * client sees the response at once), the points, heartbeats while idle, and, once
	 * {@code closing} completes, a {@code closing} marker with the id to resume from.
	 */
	Flux<ServerSentEvent<StreamEvent>> events(StreamQuery query, StreamPosition position, Mono<Void> closing) {
		return Flux.defer(() -> {
			State state = new State(position, this.clock.millis());
			AtomicReference<String> lastId = new AtomicReference<>(position.encode(this.cursors, query.scope()));
			Flux<ServerSentEvent<StreamEvent>> polls = Flux.defer(() -> poll(query, state))
				.concatWith(Mono.fromSupplier(() -> heartbeatIfDue(query, state)))
				// A full page means more is waiting: read on at once, or a busy metric
				// would
				// outrun a stream limited to page-rows per poll interval.
				.concatWith(Mono.defer(() -> state.pageFull ? Mono.empty()
						: Mono.delay(this.properties.pollInterval()).then(Mono.empty())))
				.repeat();
			// The closing marker names the last id that really went out, not the reader's
			// position, which may be one event ahead when the loop is cut.
			return Flux.just(marker(lastId.get(), "open"))
				.concatWith(polls)
				.takeUntilOther(closing)
				.doOnNext((event) -> lastId.set(event.id()))
				.concatWith(Mono.fromSupplier(() -> marker(lastId.get(), "closing")));
		});
	}

	/** The event that tells a client where to resume: an id and a comment, no data. */
	private static ServerSentEvent<StreamEvent> marker(String id, String comment) {
		return ServerSentEvent.<StreamEvent>builder().id(id).comment(comment).build();
	}

	private Flux<ServerSentEvent<StreamEvent>> poll(StreamQuery query, State state) {
		long cutoff = cutoff();
		StreamPosition from = state.position;
		state.pageFull = false;
		if (from.epochMillis() > cutoff) {
			return Flux.empty();
		}
		UUID upTo = StreamPosition.after(cutoff).arrival();
		int pageRows = this.properties.pageRows();
		int[] rowsRead = { 0 };
		return Flux.range(0, (int) (LogRow.bucketOf(cutoff) - LogRow.bucketOf(from.arrival()) + 1))
			.concatMap((offset) -> this.streamLog.read(query.tenant(), query.metric(),
					LogRow.bucketOf(from.arrival()) + offset, from.arrival(), upTo, pageRows), 0)
			.take(pageRows, true)
			.doOnNext((row) -> rowsRead[0]++)
			.concatMapIterable((row) -> items(query, row, from))
			.<ServerSentEvent<StreamEvent>>handle((item, sink) -> {
				state.position = item.position();
				if (item.event() != null) {
					state.lastSent = this.clock.millis();
					sink.next(item.event());
				}
			})
			.concatWith(Mono.<ServerSentEvent<StreamEvent>>fromRunnable(() -> {
				// Fewer rows than asked for: the log holds nothing else up to the cutoff.
				StreamPosition drained = StreamPosition.after(cutoff);
				state.pageFull = rowsRead[0] == pageRows;
				if (!state.pageFull && state.position.isBefore(drained)) {
					state.position = drained;
				}
			}))
			// The next poll retries from the same position; heartbeats go on.
			.onErrorResume((ex) -> Mono.deferContextual((context) -> {
				RequestId.inMdc(context, () -> log.warn("stream poll failed cause={} message={}",
						ex.getClass().getSimpleName(), ex.getMessage()));
				return Mono.empty();
			}));
	}

	/**
	 * One item per point to deliver, or one silent item that moves the position past a
	 * row that does not match or was delivered before.
	 */
	private List<Item> items(StreamQuery query, LogRow row, StreamPosition from) {
		int first = row.arrival().equals(from.arrival()) ? from.index() + 1 : 0;
		int size = row.size();
		List<Item> items = new ArrayList<>();
		int start = 0;
		for (LogRow.Entry entry : row.entries()) {
			int end = start + entry.size();
			if (end > first && TagFilter.matchesAll(query.filters(), entry.tags())) {
				for (int i = Math.max(first, start); i < end; i++) {
					StreamPosition position = new StreamPosition(row.arrival(), i);
					StreamEvent data = new StreamEvent(entry.seriesId(), query.metric(), entry.tags(),
							entry.ts(i - start), entry.value(i - start));
					items.add(new Item(position,
							ServerSentEvent.builder(data).id(position.encode(this.cursors, query.scope())).build()));
				}
			}
			start = end;
		}
		// Past the row's last point, delivered or not: the position never returns to it.
		if (items.isEmpty() || items.get(items.size() - 1).position().index() != size - 1) {
			items.add(new Item(new StreamPosition(row.arrival(), size - 1), null));
		}
		return items;
	}

	private ServerSentEvent<StreamEvent> heartbeatIfDue(StreamQuery query, State state) {
		long now = this.clock.millis();
		if (now - state.lastSent < this.properties.heartbeat().toMillis()) {
			return null;
		}
		state.lastSent = now;
		return marker(state.position.encode(this.cursors, query.scope()), "heartbeat");
	}

	private long cutoff() {
		return this.clock.millis() - this.properties.lag().toMillis();
	}

	/** Mutable state of one stream; only its own, sequential poll loop touches it. */
	private static final class State {

		private volatile StreamPosition position;

		private volatile long lastSent;

		private volatile boolean pageFull;

		State(StreamPosition position, long lastSent) {
			this.position = position;
			this.lastSent = lastSent;
		}

	}

	private record Item(StreamPosition position, ServerSentEvent<StreamEvent> event) {
	}

}
