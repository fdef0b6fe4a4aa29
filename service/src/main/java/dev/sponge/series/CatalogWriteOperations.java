package dev.sponge.series;

import reactor.core.publisher.Mono;

/**
 * Repository fragment for registering a series: prepared statements at the configured
 * write consistency, series and metric rows written together.
 */
interface CatalogWriteOperations {

	Mono<Void> register(String tenant, SeriesKey key, String seriesId);

}
