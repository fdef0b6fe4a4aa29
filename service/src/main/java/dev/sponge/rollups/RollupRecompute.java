package dev.sponge.rollups;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.sponge.points.PointStorageProperties;
import dev.sponge.points.PointRepository;
import dev.sponge.rollups.RollupMarks.Mark;
import dev.sponge.rollups.RollupMarks.Queued;

/**
 * Brings the rollups of one queued series up to date: takes its marks that fell due,
 * recomputes each marked minute from the raw points and then each touched hour from its
 * minute rows, and only then clears the marks, each as of the write time it was read
 * with. Every recomputed row carries the time before its source read as its write time,
 * so of two racing recomputes the one that read last wins (docs/data-model.md,
 * "Rollups").
 */
@Component
class RollupRecompute {

	/** Marks one pass takes per series; a series with more is queued again. */
	static final int MARKS_PER_PASS = 4096;

	/** Points fetched per round trip while recomputing. */
	private static final int PAGE_SIZE = 5000;

	private final RollupMarks marks;

	private final RollupStore store;

	private final PointRepository points;

	private final int batchMaxRows;

	private final Clock clock;

	private final WriteClock writeClock;

	RollupRecompute(RollupMarks marks, RollupStore store, PointRepository points, PointStorageProperties pointStorage,
			Clock clock) {
		this.marks = marks;
		this.store = store;
		this.points = points;
		this.batchMaxRows = pointStorage.batchMaxRows();
		this.clock = clock;
		this.writeClock = new WriteClock(clock);
	}

	/** Recomputes what fell due of one series; emits the minutes recomputed. */
	Mono<Integer> series(Queued series) {
		return this.marks.marks(series.tenant(), series.metric(), series.seriesId(), MARKS_PER_PASS)
			.collectList()
			.flatMap((all) -> {
				long now = this.clock.millis();
				Map<Long, List<Mark>> dueByHour = new TreeMap<>();
				for (Mark mark : all) {
					if (this.marks.dueTime(mark.minute(), mark.writeTime() / 1000L) <= now) {
						dueByHour.computeIfAbsent(Resolution.HOUR.unitStart(mark.minute()), (h) -> new ArrayList<>())
							.add(mark);
					}
				}
				Mono<Void> more = (all.size() >= MARKS_PER_PASS) ? this.marks.requeue(series) : Mono.empty();
				return Flux.fromIterable(dueByHour.values())
					.concatMap((hour) -> hour(series, hour))
					.then(more)
					.thenReturn(dueByHour.values().stream().mapToInt(List::size).sum());
			});
	}

	/**
	 * Recomputes the marked minutes of one hour, then the hour, then clears the marks.
	 */
	private Mono<Void> hour(Queued series, List<Mark> due) {
		return Mono.defer(() -> {
			long writeTime = this.writeClock.nextMicros();
			int ttl = due.get(due.size() - 1).ttlSeconds();
			long from = due.get(0).minute();
			long to = due.get(due.size() - 1).minute() + Resolution.MINUTE.millis();
			Map<Long, Partial> minutes = new LinkedHashMap<>();
			due.forEach((mark) -> minutes.put(mark.minute(), null));
			return this.points.read(series.tenant(), series.seriesId(), from, to, Integer.MAX_VALUE, PAGE_SIZE)
				.doOnNext((point) -> {
					long minute = Resolution.MINUTE.unitStart(point.ts());
					if (minutes.containsKey(minute)) {
						Partial one = Partial.of(point.ts(), point.value());
						Partial sofar = minutes.get(minute);
						minutes.put(minute, (sofar != null) ? sofar.merge(one) : one.at(minute));
					}
				})
				.then(Mono.defer(() -> this.store.writeAll(Resolution.MINUTE, series.tenant(), series.seriesId(),
						minutes, writeTime, ttl, this.batchMaxRows)))
				.then(Mono.defer(() -> recomputeHour(series, Resolution.HOUR.unitStart(from), ttl)))
				.then(Mono.defer(() -> this.marks.clear(series.tenant(), series.metric(), series.seriesId(), due)));
		});
	}

	private Mono<Void> recomputeHour(Queued series, long hour, int ttl) {
		long writeTime = this.writeClock.nextMicros();
		return this.store.summarizeRollups(Resolution.MINUTE, Resolution.HOUR, series.tenant(), series.seriesId(), hour)
			.map(Slot::new)
			.defaultIfEmpty(Slot.EMPTY)
			.flatMap((slot) -> this.store.write(Resolution.HOUR, series.tenant(), series.seriesId(), hour,
					slot.summary(), writeTime, ttl));
	}

	/** A recomputed summary, or none when the unit holds no point any more. */
	private record Slot(Partial summary) {

		static final Slot EMPTY = new Slot(null);

	}

}
