package dev.sponge.series;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Removes what one series has stored outside the catalogue: its points, rollups and
 * latest value. A series delete calls it before it drops the catalogue rows. The point
 * storage implements it, so the catalogue does not depend on the tables it does not own.
 */
public interface SeriesDataDeletion {

	/**
	 * Deletes the series' data of {@code days} (UTC day numbers) and its latest value, as
	 * written before {@code timestamp} (microseconds), so what is written after it stays.
	 */
	Mono<Void> deleteSeries(String tenant, String metric, String seriesId, List<Integer> days, long timestamp);

}
