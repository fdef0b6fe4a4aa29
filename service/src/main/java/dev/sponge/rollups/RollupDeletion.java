package dev.sponge.rollups;

import java.time.Clock;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.sponge.series.SeriesDataDeletion;
import dev.sponge.series.SeriesProperties;

/**
 * Removes a deleted series' rollup marks and rollup rows; runs after the points are
 * deleted ({@link Order}).
 */
@Component
@Order(2)
class RollupDeletion implements SeriesDataDeletion {

	private final RollupMarks marks;

	private final RollupStore store;

	private final SeriesProperties series;

	private final Clock clock;

	RollupDeletion(RollupMarks marks, RollupStore store, SeriesProperties series, Clock clock) {
		this.marks = marks;
		this.store = store;
		this.series = series;
		this.clock = clock;
	}

	@Override
	public Mono<Void> deleteSeries(String tenant, String metric, String seriesId, List<Integer> days, long timestamp) {
		// The rollup rows go as of now, once the points are gone: a worker that read the
		// points before that wrote older rows, which this removes; one that reads after
		// finds no points.
		return this.marks.deleteSeries(tenant, metric, seriesId, timestamp)
			.then(Mono.defer(() -> this.store.deleteSeries(tenant, seriesId, days, this.clock.millis() * 1000L,
					this.series.deleteConcurrency())));
	}

}
