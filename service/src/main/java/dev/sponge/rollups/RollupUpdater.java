package dev.sponge.rollups;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

import dev.sponge.points.SeriesPoints;

/**
 * Keeps the rollups of written points up to date. Called once the points of a request are
 * acknowledged, it recomputes every minute those points touched from the raw points, then
 * every hour from its minute rows, once per series and unit however many points of the
 * request fall in it. A recomputed row carries the time its source read started as its
 * write time, so whichever recompute read last wins, and that one saw every acknowledged
 * write (docs/data-model.md, "Rollups").
 */
@Service
public class RollupUpdater {

	private final RollupStore store;

	private final RollupProperties properties;

	private final WriteClock clock;

	RollupUpdater(RollupStore store, RollupProperties properties) {
		this.store = store;
		this.properties = properties;
		this.clock = new WriteClock(Clock.systemUTC());
	}

	/**
	 * Recomputes the rollups the acknowledged {@code series} touched; completes once
	 * every row is written at the configured write consistency.
	 * @param ttlSeconds time to live of the rows written, 0 for none
	 */
	public Mono<Void> update(String tenant, List<SeriesPoints> series, int ttlSeconds) {
		if (!this.properties.enabled() || series.isEmpty()) {
			return Mono.empty();
		}
		return Mono.defer(() -> {
			List<Unit> minutes = new ArrayList<>();
			List<Unit> hours = new ArrayList<>();
			for (SeriesPoints points : series) {
				units(points, Resolution.MINUTE, minutes);
				units(points, Resolution.HOUR, hours);
			}
			int concurrency = this.properties.recomputeConcurrency();
			// Hours are summed from minute rows, so they start once every minute is
			// written.
			return Flux.fromIterable(minutes)
				.flatMap((unit) -> recomputeMinute(tenant, unit, ttlSeconds), concurrency)
				.thenMany(Flux.fromIterable(hours)
					.flatMap((unit) -> recomputeHour(tenant, unit, ttlSeconds), concurrency))
				.then();
		});
	}

	private Mono<Void> recomputeMinute(String tenant, Unit unit, int ttlSeconds) {
		return Mono.defer(() -> {
			long writeTime = this.clock.nextMicros();
			return this.store.summarizePoints(tenant, unit.seriesId(), unit.start(), unit.start() + 60_000L)
				.map(Slot::new)
				.defaultIfEmpty(Slot.EMPTY)
				.flatMap((slot) -> this.store.write(Resolution.MINUTE, tenant, unit.seriesId(), unit.start(),
						slot.summary(), writeTime, ttlSeconds));
		});
	}

	private Mono<Void> recomputeHour(String tenant, Unit unit, int ttlSeconds) {
		return Mono.defer(() -> {
			long writeTime = this.clock.nextMicros();
			return this.store
				.summarizeRollups(Resolution.MINUTE, Resolution.HOUR, tenant, unit.seriesId(), unit.start())
				.map(Slot::new)
				.defaultIfEmpty(Slot.EMPTY)
				.flatMap((slot) -> this.store.write(Resolution.HOUR, tenant, unit.seriesId(), unit.start(),
						slot.summary(), writeTime, ttlSeconds));
		});
	}

	/** Distinct units of the series' points, ascending (its timestamps are sorted). */
	private static void units(SeriesPoints points, Resolution resolution, List<Unit> units) {
		Set<Long> starts = new LinkedHashSet<>();
		for (long ts : points.timestamps()) {
			starts.add(resolution.unitStart(ts));
		}
		starts.forEach((start) -> units.add(new Unit(points.id(), start)));
	}

	private record Unit(String seriesId, long start) {
	}

	/** A recomputed summary, or none when the unit holds no point any more. */
	private record Slot(Partial summary) {

		static final Slot EMPTY = new Slot(null);

	}

}
