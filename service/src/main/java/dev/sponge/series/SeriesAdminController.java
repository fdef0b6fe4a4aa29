package dev.sponge.series;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.sponge.apidoc.ApiExamples;
import dev.sponge.problem.ApiProblem;
import dev.sponge.tenancy.Tenant;

/**
 * Deleting series ({@code DELETE /api/v1/series}, ADMIN): the series of one metric that
 * match the tag filters, with all their data.
 */
@RestController
class SeriesAdminController {

	private final SeriesDeletion deletion;

	SeriesAdminController(SeriesDeletion deletion) {
		this.deletion = deletion;
	}

	@Operation(summary = "Delete series (ADMIN)",
			description = "Deletes the series of the metric that match all tag filters: their points, rollups, "
					+ "latest values and catalogue entries, and the metric name when no series of it is left. "
					+ "Idempotent: a repeated delete answers {\"series\": 0}. At most "
					+ "sponge.series.max-delete-series (1000) series per request.")
	@ApiResponse(responseCode = "200", description = "How many series were deleted (0 when none matched)",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = Deleted.class),
					examples = @ExampleObject(value = ApiExamples.DELETED)))
	@DeleteMapping("/api/v1/series")
	Mono<Deleted> delete(Tenant tenant,
			@Parameter(description = "Metric name; required, so no request can wipe a whole tenant", required = true,
					example = "room.temperature") @RequestParam(required = false) String metric,
			@Parameter(description = ApiExamples.TAG, example = "site:lab") @RequestParam(name = "tag",
					required = false) List<String> tags) {
		if (metric == null) {
			throw ApiProblem.badRequest(
					"Parameter 'metric' is required: a delete removes series of one metric, never a whole tenant");
		}
		String problem = SeriesNaming.metricProblem(metric);
		if (problem != null) {
			throw ApiProblem.badRequest("metric " + problem);
		}
		List<TagFilter> filters = TagFilter.parseAll(tags);
		return this.deletion.delete(tenant, metric, filters).map(Deleted::new);
	}

	/**
	 * What a delete did.
	 *
	 * @param series how many series were deleted
	 */
	record Deleted(int series) {
	}

}
