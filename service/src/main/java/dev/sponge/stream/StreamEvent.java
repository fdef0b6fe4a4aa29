package dev.sponge.stream;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The {@code data} of one stream event: one new point of a matching series.
 *
 * @param id series id
 * @param metric metric name
 * @param tags series tags
 * @param ts point time, epoch milliseconds
 * @param value point value
 */
@Schema(description = "One new point of a matching series (the data of one SSE event)")
record StreamEvent(String id, String metric, Map<String, String> tags, long ts, double value) {
}
