package dev.sponge.series;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Removes what one series has stored outside the catalogue. Each owner of such tables
 * implements it (the points store: points and latest value; the rollups: rollup rows and
 * marks), so the catalogue does not depend on the tables it does not own. A series delete
 * calls every one, in their {@code @Order} (points first, then what is derived from
 * them), before it drops the catalogue rows.
 */
public interface SeriesDataDeletion {

	/**
	 * Deletes the series' data of {@code days} (UTC day numbers) and its latest value, as
	 * written before {@code timestamp} (microseconds), so what is written after it stays.
	 */
	Mono<Void> deleteSeries(String tenant, String metric, String seriesId, List<Integer> days, long timestamp);

}
