package dev.sponge.series;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

import dev.sponge.logging.RequestId;
import dev.sponge.problem.ApiProblem;
import dev.sponge.retention.TenantSettingsStore;
import dev.sponge.tenancy.Tenant;

/**
 * Deletes the series of one metric that match tag filters: their points, rollups and
 * latest values, their day index and catalogue rows, and the metric name once no series
 * of it remains. Everything is deleted as of one write time taken when the delete starts:
 * what was written before it goes, what is written after it (a writer re-creating the
 * series) stays. Every statement names its partition.
 */
@Service
class SeriesDeletion {

	private static final Logger log = LoggerFactory.getLogger(SeriesDeletion.class);

	private final SeriesCatalog catalog;

	private final SeriesRepository series;

	private final List<SeriesDataDeletion> data;

	private final TenantSettingsStore settings;

	private final SeriesProperties properties;

	private final Clock clock;

	SeriesDeletion(SeriesCatalog catalog, SeriesRepository series, List<SeriesDataDeletion> data,
			TenantSettingsStore settings, SeriesProperties properties, Clock clock) {
		this.catalog = catalog;
		this.series = series;
		this.data = data;
		this.settings = settings;
		this.properties = properties;
		this.clock = clock;
	}

	/** Deletes the matching series; emits how many there were. */
	Mono<Integer> delete(Tenant tenant, String metric, List<TagFilter> filters) {
		int max = this.properties.maxDeleteSeries();
		return Mono.defer(() -> {
			// Whole milliseconds: never later than the driver's own write time of a write
			// that starts after this one, whichever clock source the driver uses.
			long timestamp = this.clock.millis() * 1000L;
			return this.catalog.browse(tenant, metric, filters, null)
				.take(max + 1L, true)
				.collectList()
				.flatMap((rows) -> {
					if (rows.size() > max) {
						return Mono.error(ApiProblem.badRequest("The delete matches more than " + max
								+ " series (sponge.series.max-delete-series); narrow it with tag filters, "
								+ "or repeat it until it answers {\"series\": 0}"));
					}
					if (rows.isEmpty()) {
						return Mono.just(0);
					}
					// The mark goes first, so other instances start re-registering what
					// they write as early as possible.
					return this.settings.markDeletion(tenant, timestamp)
						.thenMany(Flux.fromIterable(rows)
							.flatMap((row) -> deleteOne(tenant, row, timestamp), this.properties.deleteConcurrency()))
						.then(deleteMetricIfUnused(tenant, metric, timestamp))
						.thenReturn(rows.size());
				})
				.doOnEach((signal) -> {
					if (signal.isOnNext()) {
						RequestId.inMdc(signal.getContextView(), () -> log
							.info("deleted series tenant={} metric={} series={}", tenant.id(), metric, signal.get()));
					}
				});
		});
	}

	private Mono<Void> deleteOne(Tenant tenant, SeriesRow row, long timestamp) {
		// Data first, catalogue row last: a delete that fails half way can be repeated.
		return this.series.days(tenant.id(), row.seriesId())
			.collectList()
			// Each owner in its order: points before what is derived from them.
			.flatMap((days) -> Flux.fromIterable(this.data)
				.concatMap((owner) -> owner.deleteSeries(tenant.id(), row.metric(), row.seriesId(), days, timestamp))
				.then())
			.then(this.series.unregister(tenant.id(), row.metric(), row.seriesId(), timestamp));
	}

	/**
	 * Drops the metric name when no series of it is left. Safe against a writer
	 * registering a new series meanwhile: registration writes the series row before the
	 * metric row, so a metric row written before {@code timestamp} has a series row this
	 * check sees, and one written after it survives the delete. A registration still in
	 * flight when the delete started may lose its metric row; the deletion mark makes its
	 * instance write it again with the next point it takes for that series.
	 */
	private Mono<Void> deleteMetricIfUnused(Tenant tenant, String metric, long timestamp) {
		return this.series.hasSeries(tenant.id(), metric)
			.flatMap((used) -> used ? Mono.empty() : this.series.deleteMetric(tenant.id(), metric, timestamp));
	}

}
