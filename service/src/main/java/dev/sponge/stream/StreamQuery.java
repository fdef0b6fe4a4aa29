package dev.sponge.stream;

import java.util.List;

import dev.sponge.series.TagFilter;

/**
 * What one stream follows: a metric of a tenant, narrowed by tag filters.
 *
 * @param tenant tenant id, from the token
 * @param metric metric name
 * @param filters tag filters; a series must match all
 * @param scope what the resume ids are bound to (tenant, metric, filters as sent)
 */
record StreamQuery(String tenant, String metric, List<TagFilter> filters, List<String> scope) {

	static StreamQuery of(String tenant, String metric, List<String> tagParams) {
		return new StreamQuery(tenant, metric, TagFilter.parseAll(tagParams),
				List.of("stream", tenant, metric, String.valueOf(tagParams)));
	}

}
