package dev.sponge.series;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.sponge.paging.Cursor;
import dev.sponge.problem.ApiProblem;
import dev.sponge.query.QueryProperties;
import dev.sponge.tenancy.Tenant;

/**
 * Discovery: the tenant's series ({@code /api/v1/series}) and metric names
 * ({@code /api/v1/metrics}), paged.
 */
@RestController
class SeriesController {

	private final SeriesCatalog catalog;

	private final QueryProperties properties;

	SeriesController(SeriesCatalog catalog, QueryProperties properties) {
		this.catalog = catalog;
		this.properties = properties;
	}

	@GetMapping("/api/v1/series")
	Mono<SeriesPage> series(Tenant tenant, @RequestParam(required = false) String metric,
			@RequestParam(name = "tag", required = false) List<String> tags,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		if (metric != null && SeriesNaming.nameProblem(metric) != null) {
			throw ApiProblem.badRequest("metric " + SeriesNaming.nameProblem(metric));
		}
		List<TagFilter> filters = TagFilter.parseAll(tags);
		int pageSize = this.properties.limit(limit);
		List<String> scope = List.of("series", tenant.id(), String.valueOf(metric), String.valueOf(tags));
		List<String> position = (cursor != null) ? Cursor.decode(cursor, scope, 2) : null;
		String resumeMetric = (position != null) ? position.get(0) : null;
		String resumeSeries = (position != null) ? position.get(1) : null;
		Flux<String> metrics;
		if (metric != null) {
			metrics = Flux.just(metric);
		}
		else if (resumeMetric != null) {
			metrics = Flux.concat(Mono.just(resumeMetric), this.catalog.metricNames(tenant, resumeMetric));
		}
		else {
			metrics = this.catalog.metricNames(tenant, null);
		}
		return metrics
			.concatMap((name) -> this.catalog.browse(tenant, name, filters,
					name.equals(resumeMetric) ? resumeSeries : null), 0)
			.take(pageSize + 1L, true)
			.map((row) -> new SeriesView(row.seriesId(), row.metric(), row.tags()))
			.collectList()
			.map((views) -> {
				if (views.size() <= pageSize) {
					return new SeriesPage(views, null);
				}
				SeriesView last = views.get(pageSize - 1);
				return new SeriesPage(views.subList(0, pageSize), Cursor.encode(scope, last.metric(), last.id()));
			});
	}

	@GetMapping("/api/v1/metrics")
	Mono<MetricsPage> metrics(Tenant tenant, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int pageSize = this.properties.limit(limit);
		List<String> scope = List.of("metrics", tenant.id());
		String after = (cursor != null) ? Cursor.decode(cursor, scope, 1).get(0) : null;
		return this.catalog.metricNames(tenant, after).take(pageSize + 1L, true).collectList().map((names) -> {
			if (names.size() <= pageSize) {
				return new MetricsPage(names, null);
			}
			return new MetricsPage(names.subList(0, pageSize), Cursor.encode(scope, names.get(pageSize - 1)));
		});
	}

	/** A page of series. */
	record SeriesPage(List<SeriesView> series, String next) {
	}

	/** One series: its id, metric and tags. */
	record SeriesView(String id, String metric, Map<String, String> tags) {
	}

	/** A page of metric names. */
	record MetricsPage(List<String> metrics, String next) {
	}

}
