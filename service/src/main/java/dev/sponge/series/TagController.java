package dev.sponge.series;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.sponge.apidoc.ApiExamples;
import dev.sponge.paging.CursorCodec;
import dev.sponge.paging.PageLimits;
import dev.sponge.problem.ApiProblem;
import dev.sponge.tenancy.Tenant;

/**
 * Tag discovery for autocomplete: the tag keys of a metric's series
 * ({@code /api/v1/tags}) and the values of one key ({@code /api/v1/tags/{key}/values}),
 * paged, from the metric's catalogue partition.
 */
@RestController
class TagController {

	private final SeriesCatalog catalog;

	private final PageLimits pageLimits;

	private final CursorCodec cursors;

	TagController(SeriesCatalog catalog, PageLimits pageLimits, CursorCodec cursors) {
		this.catalog = catalog;
		this.pageLimits = pageLimits;
		this.cursors = cursors;
	}

	@Operation(summary = "Tag keys (READER)",
			description = "Distinct tag keys of the metric's series that match all tag filters, in ascending order, "
					+ "paged. Read from the metric's catalogue partition: a metric of more than "
					+ "sponge.series.max-scan-rows series is a 400.")
	@ApiResponse(responseCode = "200", description = "A page of tag keys",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = TagsPage.class),
					examples = @ExampleObject(value = ApiExamples.TAGS_PAGE)))
	@GetMapping("/api/v1/tags")
	Mono<TagsPage> tags(Tenant tenant,
			@Parameter(description = ApiExamples.METRIC, required = true,
					example = "room.temperature") @RequestParam(required = false) String metric,
			@Parameter(description = ApiExamples.TAG, example = "site:lab") @RequestParam(name = "tag",
					required = false) List<String> tags,
			@Parameter(description = ApiExamples.LIMIT, example = "100") @RequestParam(required = false) Integer limit,
			@Parameter(description = ApiExamples.CURSOR) @RequestParam(required = false) String cursor) {
		return page(tenant, metric, null, tags, limit, cursor).map((page) -> new TagsPage(page.names(), page.next()));
	}

	@Operation(summary = "Values of a tag key (READER)",
			description = "Distinct values of the tag key among the metric's series that match all tag filters, in "
					+ "ascending order, paged. Read from the metric's catalogue partition: a metric of more than "
					+ "sponge.series.max-scan-rows series is a 400.")
	@ApiResponse(responseCode = "200", description = "A page of tag values",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = ValuesPage.class),
					examples = @ExampleObject(value = ApiExamples.TAG_VALUES_PAGE)))
	@GetMapping("/api/v1/tags/{key}/values")
	Mono<ValuesPage> values(Tenant tenant,
			@Parameter(description = "Tag key", example = "site") @PathVariable String key,
			@Parameter(description = ApiExamples.METRIC, required = true,
					example = "room.temperature") @RequestParam(required = false) String metric,
			@Parameter(description = ApiExamples.TAG, example = "room:1.02") @RequestParam(name = "tag",
					required = false) List<String> tags,
			@Parameter(description = ApiExamples.LIMIT, example = "100") @RequestParam(required = false) Integer limit,
			@Parameter(description = ApiExamples.CURSOR) @RequestParam(required = false) String cursor) {
		String keyProblem = SeriesNaming.tagKeyProblem(key);
		if (keyProblem != null) {
			throw ApiProblem.badRequest("tag key '" + key + "' " + keyProblem);
		}
		return page(tenant, metric, key, tags, limit, cursor)
			.map((page) -> new ValuesPage(key, page.names(), page.next()));
	}

	private Mono<Names> page(Tenant tenant, String metric, String key, List<String> tags, Integer limit,
			String cursor) {
		if (metric == null) {
			throw ApiProblem.badRequest("Parameter 'metric' is required: tags are listed per metric");
		}
		String metricProblem = SeriesNaming.metricProblem(metric);
		if (metricProblem != null) {
			throw ApiProblem.badRequest("metric " + metricProblem);
		}
		List<TagFilter> filters = TagFilter.parseAll(tags);
		int pageSize = this.pageLimits.limit(limit);
		List<String> scope = List.of("tags", tenant.id(), metric, String.valueOf(key), String.valueOf(tags));
		String after = (cursor != null) ? this.cursors.decode(cursor, scope, 1).get(0) : null;
		return this.catalog.tagNames(tenant, metric, key, filters, after, pageSize + 1).map((names) -> {
			if (names.size() <= pageSize) {
				return new Names(names, null);
			}
			return new Names(names.subList(0, pageSize), this.cursors.encode(scope, names.get(pageSize - 1)));
		});
	}

	private record Names(List<String> names, String next) {
	}

	/** A page of tag keys. */
	record TagsPage(List<String> tags, String next) {
	}

	/** A page of the values of one tag key. */
	record ValuesPage(String key, List<String> values, String next) {
	}

}
