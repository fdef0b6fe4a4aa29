package dev.sponge.points;

import java.util.List;

import reactor.core.publisher.Mono;

/** Removing the stored data of one series. */
public interface PointDeletion {

	/**
	 * Deletes the points partitions of {@code days} and the series' latest value. Points
	 * go as written before {@code timestamp} (microseconds), so points written after it
	 * stay.
	 */
	Mono<Void> deleteSeries(String tenant, String metric, String seriesId, List<Integer> days, long timestamp);

}
