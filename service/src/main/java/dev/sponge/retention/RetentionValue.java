package dev.sponge.retention;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.sponge.problem.ApiProblem;
import dev.sponge.problem.ApiProblem.FieldError;

/**
 * The {@code retention} of a request body, read and checked: an ISO-8601 duration of
 * whole seconds, positive, at most Cassandra's largest TTL, or {@code null} for "keep
 * forever".
 */
final class RetentionValue {

	static final String FIELD = "retention";

	private RetentionValue() {
	}

	/** The retention the body asks for; {@code null} means keep forever. */
	static Duration parse(JsonMapper jsonMapper, String body) {
		JsonNode root;
		try {
			root = (body != null && !body.isBlank()) ? jsonMapper.readTree(body) : null;
		}
		catch (JacksonException ex) {
			root = null;
		}
		if (root == null || !root.isObject()) {
			throw ApiProblem.badRequest(
					"The body must be a JSON object such as {\"retention\": \"P30D\"} or " + "{\"retention\": null}");
		}
		for (String name : root.propertyNames()) {
			if (!FIELD.equals(name)) {
				throw invalid(name, "is not a known field; the body has only \"retention\"");
			}
		}
		if (!root.has(FIELD)) {
			throw invalid(FIELD, "is required: an ISO-8601 duration such as P30D, or null to keep points forever");
		}
		JsonNode value = root.get(FIELD);
		if (value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw invalid(FIELD, "must be an ISO-8601 duration string such as P30D, or null");
		}
		return check(value.stringValue());
	}

	private static Duration check(String text) {
		Duration retention;
		try {
			retention = Duration.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw invalid(FIELD, "'" + text + "' is not an ISO-8601 duration in days, hours, minutes and seconds "
					+ "such as P30D, PT12H or P1DT6H (years and months have no fixed length)");
		}
		if (retention.isNegative() || retention.isZero()) {
			throw invalid(FIELD, "must be positive");
		}
		if (retention.getNano() != 0) {
			throw invalid(FIELD, "must be a whole number of seconds");
		}
		if (retention.toSeconds() > TenantSettings.MAX_TTL_SECONDS) {
			throw invalid(FIELD, "must be at most P7300D (20 years, Cassandra's largest TTL)");
		}
		return retention;
	}

	/**
	 * ISO-8601 in days where the retention is whole days ({@code P30D}), else seconds.
	 */
	static String format(Duration retention) {
		if (retention == null) {
			return null;
		}
		long seconds = retention.toSeconds();
		return (seconds % 86_400L == 0) ? "P" + (seconds / 86_400L) + "D" : retention.toString();
	}

	private static ApiProblem invalid(String field, String message) {
		return ApiProblem.invalid("Invalid retention: " + field + " " + message,
				List.of(new FieldError(field, message)));
	}

}
