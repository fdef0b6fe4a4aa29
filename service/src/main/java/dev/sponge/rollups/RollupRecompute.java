package dev.sponge.rollups;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.sponge.cassandra.BatchLimits;
import dev.sponge.points.Point;
import dev.sponge.points.PointStorageProperties;
import dev.sponge.points.PointRepository;
import dev.sponge.rollups.RollupMarks.Mark;
import dev.sponge.rollups.RollupMarks.Queued;
import dev.sponge.rollups.RollupMarks.SeriesMark;

/**
 * Brings the rollups of queued series up to date, several series of one metric at a time:
 * takes their marks that fell due, recomputes each marked minute from the raw points and
 * then each touched hour from its minute rows, and only then clears the marks, each as of
 * the write time it was read with. Every recomputed row carries the time before its
 * source read as its write time, so of two racing recomputes the one that read last wins
 * (docs/data-model.md, "Rollups").
 */
@Component
class RollupRecompute {

	/**
	 * Marks one pass of a group reads in all, so a pass holds a bounded number of minute
	 * summaries whatever the group's size. A group with more (a backfill) gets another
	 * pass right away, which goes on from where this one cleared its marks; one whose
	 * pass recomputed nothing is queued again instead.
	 */
	static final int MARKS_PER_PASS = 32_768;

	/**
	 * Most marked minutes per series of a group's hour for which the group's points are
	 * read in one statement.
	 */
	private static final int FEW_MINUTES = 3;

	/** Hours of one group recomputed at once. */
	private static final int HOURS_IN_FLIGHT = 4;

	/** Points fetched per round trip while recomputing. */
	private static final int PAGE_SIZE = 5000;

	private static final Comparator<Mark> BY_MINUTE = Comparator.comparingLong(Mark::minute);

	private final RollupMarks marks;

	private final RollupStore store;

	private final PointRepository points;

	private final BatchLimits batches;

	private final Clock clock;

	private final WriteClock writeClock;

	private final int concurrency;

	RollupRecompute(RollupMarks marks, RollupStore store, PointRepository points, PointStorageProperties pointStorage,
			RollupProperties properties, Clock clock) {
		this.marks = marks;
		this.store = store;
		this.points = points;
		this.batches = pointStorage.batchLimits();
		this.concurrency = properties.group();
		this.clock = clock;
		this.writeClock = new WriteClock(clock);
	}

	/**
	 * Recomputes what fell due of several series of one metric (of one tenant); emits the
	 * series minutes recomputed. The series share their statements: one read of their
	 * marks (a partition per series), per hour one batch of minute rows, one read of the
	 * minute rows, one batch of hour rows and of mark clears (batches by replica set),
	 * and one points read when each has only a few marked minutes.
	 */
	Mono<Integer> group(List<Queued> group) {
		Queued first = group.get(0);
		String tenant = first.tenant();
		String metric = first.metric();
		List<String> ids = group.stream().map(Queued::seriesId).distinct().toList();
		return this.marks.marksOf(tenant, metric, ids, MARKS_PER_PASS).collectList().flatMap((all) -> pass(group, all));
	}

	/** Recomputes what fell due of the marks one pass of a group read. */
	private Mono<Integer> pass(List<Queued> group, List<SeriesMark> all) {
		String tenant = group.get(0).tenant();
		String metric = group.get(0).metric();
		long now = this.clock.millis();
		// hour -> series -> its due marks of that hour
		Map<Long, Map<String, List<Mark>>> dueByHour = new TreeMap<>();
		int due = 0;
		for (SeriesMark mark : all) {
			if (this.marks.dueTime(mark.mark().minute(), mark.mark().writeTime() / 1000L) <= now) {
				dueByHour.computeIfAbsent(Resolution.HOUR.unitStart(mark.mark().minute()), (h) -> new TreeMap<>())
					.computeIfAbsent(mark.seriesId(), (id) -> new ArrayList<>())
					.add(mark.mark());
				due++;
			}
		}
		// The two tables' marks (RollupMarks) arrive interleaved: oldest minute first.
		dueByHour.values().forEach((bySeries) -> bySeries.values().forEach((marks) -> marks.sort(BY_MINUTE)));
		int recomputed = due;
		Mono<Integer> more = Mono.just(0);
		if (all.size() >= MARKS_PER_PASS) {
			more = (due > 0) ? Mono.defer(() -> group(group))
					: Flux.fromIterable(group).concatMap(this.marks::requeue).then(Mono.just(0));
		}
		// Hours are independent (their own minute rows, hour row and marks); a backlog of
		// many hours is a chain of round trips per hour, so a few run at once.
		return Flux.fromIterable(dueByHour.entrySet())
			.flatMap((hour) -> hour(tenant, metric, hour.getKey(), hour.getValue()), HOURS_IN_FLIGHT)
			.then(more)
			.map((later) -> recomputed + later);
	}

	/**
	 * Recomputes the marked minutes of one hour of several series, then the hour, then
	 * clears the marks.
	 */
	private Mono<Void> hour(String tenant, String metric, long hour, Map<String, List<Mark>> dueBySeries) {
		return Mono.defer(() -> {
			long writeTime = this.writeClock.nextMicros();
			Map<String, Integer> ttls = new HashMap<>();
			Map<String, Map<Long, Partial>> minutes = new LinkedHashMap<>();
			dueBySeries.forEach((seriesId, due) -> {
				ttls.put(seriesId, due.get(due.size() - 1).ttlSeconds());
				Map<Long, Partial> ofSeries = new LinkedHashMap<>();
				due.forEach((mark) -> ofSeries.put(mark.minute(), null));
				minutes.put(seriesId, ofSeries);
			});
			return readMinutes(tenant, dueBySeries, minutes)
				.then(Mono.defer(() -> this.store.writeMany(Resolution.MINUTE, tenant, minutes, writeTime, ttls,
						this.batches, this.concurrency)))
				.then(Mono.defer(() -> recomputeHour(tenant, List.copyOf(dueBySeries.keySet()), hour, ttls)))
				.then(Mono.defer(() -> this.marks.clearAll(tenant, metric, dueBySeries)));
		});
	}

	/**
	 * Summarises the points of the marked minutes of one hour into {@code minutes}: when
	 * every series has only a few marked minutes (live series, new series), one read of
	 * all their day partitions; otherwise each series' range on its own, concurrently, so
	 * a dense series' long read does not hold up the rest.
	 */
	private Mono<Void> readMinutes(String tenant, Map<String, List<Mark>> dueBySeries,
			Map<String, Map<Long, Partial>> minutes) {
		boolean few = dueBySeries.values().stream().allMatch((due) -> due.size() <= FEW_MINUTES);
		if (few && dueBySeries.size() > 1) {
			long from = Long.MAX_VALUE;
			long to = Long.MIN_VALUE;
			for (List<Mark> due : dueBySeries.values()) {
				from = Math.min(from, due.get(0).minute());
				to = Math.max(to, due.get(due.size() - 1).minute() + Resolution.MINUTE.millis());
			}
			return this.points.readDay(tenant, List.copyOf(dueBySeries.keySet()), from, to, PAGE_SIZE)
				.doOnNext((point) -> add(minutes.get(point.seriesId()), point.point()))
				.then();
		}
		return Flux.fromIterable(dueBySeries.entrySet()).flatMap((series) -> {
			List<Mark> due = series.getValue();
			long from = due.get(0).minute();
			long to = due.get(due.size() - 1).minute() + Resolution.MINUTE.millis();
			Map<Long, Partial> ofSeries = minutes.get(series.getKey());
			return this.points.read(tenant, series.getKey(), from, to, Integer.MAX_VALUE, PAGE_SIZE)
				.doOnNext((point) -> add(ofSeries, point));
		}, this.concurrency).then();
	}

	/** Adds a point to its minute's summary, if that minute is being recomputed. */
	private static void add(Map<Long, Partial> minutes, Point point) {
		long minute = Resolution.MINUTE.unitStart(point.ts());
		if (minutes != null && minutes.containsKey(minute)) {
			Partial one = Partial.of(point.ts(), point.value());
			Partial sofar = minutes.get(minute);
			minutes.put(minute, (sofar != null) ? sofar.merge(one) : one.at(minute));
		}
	}

	private Mono<Void> recomputeHour(String tenant, List<String> seriesIds, long hour, Map<String, Integer> ttls) {
		long writeTime = this.writeClock.nextMicros();
		return this.store.summarizeRollupsOf(Resolution.MINUTE, Resolution.HOUR, tenant, seriesIds, hour)
			.flatMap((summaries) -> {
				// A series whose hour holds no point any more gets its hour row deleted.
				Map<String, Map<Long, Partial>> rows = new LinkedHashMap<>();
				for (String seriesId : seriesIds) {
					Map<Long, Partial> row = new HashMap<>(2);
					row.put(hour, summaries.get(seriesId));
					rows.put(seriesId, row);
				}
				return this.store.writeMany(Resolution.HOUR, tenant, rows, writeTime, ttls, this.batches,
						this.concurrency);
			});
	}

}
