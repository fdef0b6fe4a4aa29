package dev.sponge.series;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.sponge.apidoc.ApiExamples;
import dev.sponge.paging.CursorCodec;
import dev.sponge.paging.PageLimits;
import dev.sponge.problem.ApiProblem;
import dev.sponge.tenancy.Tenant;

/**
 * Discovery: the tenant's series ({@code /api/v1/series}) and metric names
 * ({@code /api/v1/metrics}), paged.
 */
@RestController
class SeriesController {

	private final SeriesCatalog catalog;

	private final PageLimits pageLimits;

	private final CursorCodec cursors;

	private final SeriesProperties properties;

	SeriesController(SeriesCatalog catalog, PageLimits pageLimits, CursorCodec cursors, SeriesProperties properties) {
		this.catalog = catalog;
		this.properties = properties;
		this.pageLimits = pageLimits;
		this.cursors = cursors;
	}

	@Operation(summary = "Series discovery (READER)",
			description = "Series of the metric (or of every metric) that match all tag filters, paged")
	@ApiResponse(responseCode = "200", description = "A page of series",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = SeriesPage.class),
					examples = @ExampleObject(value = ApiExamples.SERIES_PAGE)))
	@GetMapping("/api/v1/series")
	Mono<SeriesPage> series(Tenant tenant,
			@Parameter(description = "Metric name; without it every metric's series are listed",
					example = "room.temperature") @RequestParam(required = false) String metric,
			@Parameter(description = ApiExamples.TAG, example = "site:lab") @RequestParam(name = "tag",
					required = false) List<String> tags,
			@Parameter(description = ApiExamples.LIMIT, example = "100") @RequestParam(required = false) Integer limit,
			@Parameter(description = ApiExamples.CURSOR) @RequestParam(required = false) String cursor) {
		if (metric != null && SeriesNaming.metricProblem(metric) != null) {
			throw ApiProblem.badRequest("metric " + SeriesNaming.metricProblem(metric));
		}
		List<TagFilter> filters = TagFilter.parseAll(tags);
		int pageSize = this.pageLimits.limit(limit);
		List<String> scope = List.of("series", tenant.id(), String.valueOf(metric), String.valueOf(tags));
		List<String> position = (cursor != null) ? this.cursors.decode(cursor, scope, 2) : null;
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
		int maxRows = this.properties.maxScanRows();
		Flux<SeriesRow> rows = metrics
			.concatMap((name) -> this.catalog.rows(tenant, name, name.equals(resumeMetric) ? resumeSeries : null), 0);
		return Mono.defer(() -> {
			// Tags are matched here, so a page reads at most maxRows rows: when that
			// finds
			// fewer matches than the page holds, the page ends after the last row read.
			Scanned scanned = new Scanned();
			return rows.take(maxRows, true)
				.doOnNext(scanned::add)
				.filter((row) -> TagFilter.matchesAll(filters, row.tags()))
				.take(pageSize + 1L, true)
				.map((row) -> new SeriesView(row.seriesId(), row.metric(), row.tags()))
				.collectList()
				.map((views) -> {
					if (views.size() > pageSize) {
						SeriesView last = views.get(pageSize - 1);
						return new SeriesPage(views.subList(0, pageSize),
								this.cursors.encode(scope, last.metric(), last.id()));
					}
					if (scanned.count < maxRows) {
						return new SeriesPage(views, null);
					}
					return new SeriesPage(views,
							this.cursors.encode(scope, scanned.last.metric(), scanned.last.seriesId()));
				});
		});
	}

	@Operation(summary = "Metric names (READER)", description = "Metric names of the tenant in order, paged")
	@ApiResponse(responseCode = "200", description = "A page of metric names",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = MetricsPage.class),
					examples = @ExampleObject(value = ApiExamples.METRICS_PAGE)))
	@GetMapping("/api/v1/metrics")
	Mono<MetricsPage> metrics(Tenant tenant,
			@Parameter(description = ApiExamples.LIMIT, example = "100") @RequestParam(required = false) Integer limit,
			@Parameter(description = ApiExamples.CURSOR) @RequestParam(required = false) String cursor) {
		int pageSize = this.pageLimits.limit(limit);
		List<String> scope = List.of("metrics", tenant.id());
		String after = (cursor != null) ? this.cursors.decode(cursor, scope, 1).get(0) : null;
		return this.catalog.metricNames(tenant, after).take(pageSize + 1L, true).collectList().map((names) -> {
			if (names.size() <= pageSize) {
				return new MetricsPage(names, null);
			}
			return new MetricsPage(names.subList(0, pageSize), this.cursors.encode(scope, names.get(pageSize - 1)));
		});
	}

	/** Catalogue rows one page read, and the last of them. */
	private static final class Scanned {

		private long count;

		private SeriesRow last;

		void add(SeriesRow row) {
			this.count++;
			this.last = row;
		}

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
