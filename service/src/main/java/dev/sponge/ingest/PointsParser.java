package dev.sponge.ingest;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

import dev.sponge.points.SeriesPoints;
import dev.sponge.problem.ApiProblem;
import dev.sponge.problem.ApiProblem.FieldError;
import dev.sponge.series.SeriesKey;
import dev.sponge.series.SeriesNaming;
import dev.sponge.series.SeriesProperties;

/**
 * Reads ingest bodies with Jackson's streaming parser straight into primitive arrays (no
 * tree, no object per point), checking every rule on the way. Structural errors stop at
 * once; rule violations are collected (up to {@value #MAX_ERRORS}) so the client sees
 * them together.
 */
final class PointsParser {

	static final int MAX_ERRORS = 100;

	/** Problem type of a body that is not valid JSON. */
	static final String MALFORMED = "urn:sponge:problem:malformed-json";

	/** Problem type of a body that breaks a rule of the points format. */
	static final String INVALID = "urn:sponge:problem:invalid-points";

	/** Problem type of a body over a size or count limit. */
	static final String TOO_LARGE = ApiProblem.TOO_LARGE;

	private static final JsonFactory JSON = JsonFactory.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private final IngestProperties properties;

	private final SeriesProperties seriesProperties;

	private final Clock clock;

	PointsParser(IngestProperties properties, SeriesProperties seriesProperties, Clock clock) {
		this.properties = properties;
		this.seriesProperties = seriesProperties;
		this.clock = clock;
	}

	/** A JSON body: an array of series objects. */
	List<SeriesPoints> parseArray(byte[] body) {
		Request request = new Request("");
		// Objects of the same series are merged in order, so a later value for a
		// timestamp wins.
		Map<String, SeriesPoints> series = new LinkedHashMap<>();
		requireUtf8(body, "");
		try (JsonParser parser = JSON.createParser(body)) {
			JsonToken first = parser.nextToken();
			if (first != JsonToken.START_ARRAY) {
				throw ApiProblem.badRequest("The body must be a JSON array of series objects").withType(INVALID);
			}
			int index = 0;
			while (parser.nextToken() != JsonToken.END_ARRAY) {
				SeriesPoints points = readSeries(parser, "[" + index++ + "]", request);
				if (points != null) {
					series.merge(points.id(), points, SeriesPoints::merge);
				}
			}
			if (parser.nextToken() != null) {
				throw ApiProblem.badRequest("Unexpected content after the JSON array").withType(MALFORMED);
			}
		}
		catch (JacksonException ex) {
			throw malformed("", ex);
		}
		request.throwIfInvalid("The request was refused; nothing was written");
		return List.copyOf(series.values());
	}

	/** One NDJSON line: a single series object. {@code lineNumber} is 1-based. */
	SeriesPoints parseLine(byte[] line, long lineNumber) {
		String where = "line " + lineNumber + ": ";
		Request request = new Request(where);
		SeriesPoints points;
		requireUtf8(line, where);
		try (JsonParser parser = JSON.createParser(line)) {
			parser.nextToken();
			points = readSeries(parser, "", request);
			if (parser.nextToken() != null) {
				throw ApiProblem.badRequest(where + "unexpected content after the series object").withType(MALFORMED);
			}
		}
		catch (JacksonException ex) {
			throw malformed(where, ex);
		}
		request.throwIfInvalid(where + "invalid series object");
		return points;
	}

	private static void requireUtf8(byte[] json, String where) {
		int invalid = Utf8.firstInvalid(json);
		if (invalid >= 0) {
			throw ApiProblem.badRequest(where + "malformed JSON: invalid UTF-8 at byte " + invalid).withType(MALFORMED);
		}
	}

	private SeriesPoints readSeries(JsonParser parser, String path, Request request) {
		if (parser.currentToken() != JsonToken.START_OBJECT) {
			throw ApiProblem
				.badRequest(request.where + (path.isEmpty() ? "the value" : path)
						+ " must be a series object {\"metric\", \"tags\", \"points\"}")
				.withType(INVALID);
		}
		String metric = null;
		Map<String, String> tags = Map.of();
		PointArrays points = null;
		String prefix = path.isEmpty() ? "" : path + ".";
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (field) {
				case "metric" -> metric = readMetric(parser, value, prefix + "metric", request);
				case "tags" -> tags = readTags(parser, value, prefix + "tags", request);
				case "points" -> points = readPoints(parser, value, prefix + "points", request);
				default -> {
					request.error(prefix + field, "is not a known field (metric, tags, points)");
					parser.skipChildren();
				}
			}
		}
		if (metric == null && !request.has(prefix + "metric")) {
			request.error(prefix + "metric", "is required");
		}
		if (points == null && !request.has(prefix + "points")) {
			request.error(prefix + "points", "is required");
		}
		else if (points != null && points.elements == 0) {
			request.error(prefix + "points", "must hold at least one [timestamp, value] pair");
		}
		if (metric == null || tags == null || points == null || points.size == 0 || !request.errors.isEmpty()) {
			return null;
		}
		return SeriesPoints.of(SeriesKey.of(metric, tags), points.timestamps, points.values, points.size);
	}

	private static String readMetric(JsonParser parser, JsonToken token, String field, Request request) {
		if (token != JsonToken.VALUE_STRING) {
			request.error(field, "must be a string");
			parser.skipChildren();
			return null;
		}
		String metric = parser.getString();
		String problem = SeriesNaming.metricProblem(metric);
		if (problem != null) {
			request.error(field, problem);
			return null;
		}
		return metric;
	}

	private Map<String, String> readTags(JsonParser parser, JsonToken token, String field, Request request) {
		if (token == JsonToken.VALUE_NULL) {
			return Map.of();
		}
		if (token != JsonToken.START_OBJECT) {
			request.error(field, "must be an object of string values");
			parser.skipChildren();
			return null;
		}
		Map<String, String> tags = new HashMap<>();
		boolean valid = true;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String key = parser.currentName();
			JsonToken value = parser.nextToken();
			String keyProblem = SeriesNaming.tagKeyProblem(key);
			if (keyProblem != null) {
				request.error(field + "." + key, "key " + keyProblem);
				valid = false;
			}
			if (value != JsonToken.VALUE_STRING) {
				request.error(field + "." + key, "must be a string");
				parser.skipChildren();
				valid = false;
				continue;
			}
			String valueProblem = SeriesNaming.tagValueProblem(parser.getString());
			if (valueProblem != null) {
				request.error(field + "." + key, valueProblem);
				valid = false;
			}
			tags.put(key, parser.getString());
		}
		if (tags.size() > this.seriesProperties.maxTags()) {
			request.error(field, "has " + tags.size() + " tags; at most " + this.seriesProperties.maxTags()
					+ " are allowed (sponge.series.max-tags)");
			valid = false;
		}
		return valid ? tags : null;
	}

	private PointArrays readPoints(JsonParser parser, JsonToken token, String field, Request request) {
		if (token != JsonToken.START_ARRAY) {
			request.error(field, "must be an array of [timestamp, value] pairs");
			parser.skipChildren();
			return null;
		}
		PointArrays points = new PointArrays();
		long earliest = this.properties.earliestTimestamp().toEpochMilli();
		long latest = this.clock.millis() + this.properties.maxFuture().toMillis();
		int index = 0;
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			String at = field + "[" + index++ + "]";
			request.countPoint(this.properties.maxPointsPerRequest());
			if (parser.currentToken() != JsonToken.START_ARRAY) {
				request.error(at, "must be a [timestamp, value] pair");
				parser.skipChildren();
				continue;
			}
			points.elements++;
			JsonToken first = parser.nextToken();
			Long ts = (first != JsonToken.END_ARRAY)
					? readTimestamp(parser, first, at + "[0]", request, earliest, latest) : null;
			JsonToken second = (first != JsonToken.END_ARRAY) ? parser.nextToken() : JsonToken.END_ARRAY;
			Double value = (second != JsonToken.END_ARRAY) ? readValue(parser, second, at + "[1]", request) : null;
			if (second == JsonToken.END_ARRAY || parser.nextToken() != JsonToken.END_ARRAY) {
				request.error(at, "must hold exactly two elements: [timestamp, value]");
				skipRestOfArray(parser);
			}
			if (ts != null && value != null) {
				points.add(ts, value);
			}
		}
		return points;
	}

	private Long readTimestamp(JsonParser parser, JsonToken token, String field, Request request, long earliest,
			long latest) {
		long ts;
		if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
			ts = parser.getLongValue();
		}
		else if (token == JsonToken.VALUE_STRING) {
			try {
				ts = OffsetDateTime.parse(parser.getString()).toInstant().toEpochMilli();
			}
			catch (DateTimeParseException | ArithmeticException ex) {
				request.error(field, "is not an RFC 3339 timestamp");
				return null;
			}
		}
		else {
			request.error(field, "must be epoch milliseconds (integer) or an RFC 3339 string");
			parser.skipChildren();
			return null;
		}
		if (ts < earliest || ts > latest) {
			request.error(field,
					"is outside the accepted window (from " + this.properties.earliestTimestamp() + " to "
							+ this.properties.maxFuture() + " after the server's clock)"
							+ ((token == JsonToken.VALUE_NUMBER_INT) ? otherUnitHint(ts, earliest, latest) : ""));
			return null;
		}
		return ts;
	}

	/**
	 * Names the unit a refused epoch number would fit in: seconds, microseconds and
	 * nanoseconds are the usual mistakes, and one of them stored as milliseconds would
	 * land in 1970 or far in the future.
	 */
	private static String otherUnitHint(long ts, long earliest, long latest) {
		String unit = null;
		if (ts < earliest && ts <= latest / 1000 && ts * 1000 >= earliest) {
			unit = "seconds";
		}
		else if (ts > latest && ts / 1000 >= earliest && ts / 1000 <= latest) {
			unit = "microseconds";
		}
		else if (ts > latest && ts / 1_000_000 >= earliest && ts / 1_000_000 <= latest) {
			unit = "nanoseconds";
		}
		return (unit != null) ? "; it looks like epoch " + unit + ": send epoch milliseconds or an RFC 3339 string"
				: "";
	}

	private static Double readValue(JsonParser parser, JsonToken token, String field, Request request) {
		if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
			request.error(field, "must be a number");
			parser.skipChildren();
			return null;
		}
		double value = parser.getDoubleValue();
		if (!Double.isFinite(value)) {
			request.error(field, "must be a finite number");
			return null;
		}
		return value;
	}

	private static void skipRestOfArray(JsonParser parser) {
		for (JsonToken token = parser.currentToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
			parser.skipChildren();
		}
	}

	private static ApiProblem malformed(String where, JacksonException ex) {
		String location = (ex.getLocation() != null)
				? " at line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() : "";
		return ApiProblem.badRequest(where + "malformed JSON" + location + ": " + ex.getOriginalMessage())
			.withType(MALFORMED);
	}

	/** Errors and the point budget of one request (JSON) or one line (NDJSON). */
	private static final class Request {

		private final String where;

		private final List<FieldError> errors = new ArrayList<>();

		private long points;

		Request(String where) {
			this.where = where;
		}

		void error(String field, String message) {
			this.errors.add(new FieldError(this.where + field, message));
			if (this.errors.size() >= MAX_ERRORS) {
				throwIfInvalid("Too many errors; the first " + MAX_ERRORS + " are listed");
			}
		}

		boolean has(String field) {
			return this.errors.stream().anyMatch((e) -> e.field().equals(this.where + field));
		}

		void countPoint(int max) {
			if (++this.points > max) {
				throw ApiProblem
					.badRequest(this.where + "more than " + max
							+ " points in one request (sponge.ingest.max-points-per-request); split it or use NDJSON")
					.withType(TOO_LARGE);
			}
		}

		void throwIfInvalid(String detail) {
			if (!this.errors.isEmpty()) {
				throw ApiProblem.invalid(detail, this.errors).withType(INVALID);
			}
		}

	}

	/** Growable primitive arrays for one series' points. */
	private static final class PointArrays {

		long[] timestamps = new long[16];

		double[] values = new double[16];

		int size;

		/** Elements seen, valid or not. */
		int elements;

		void add(long ts, double value) {
			if (this.size == this.timestamps.length) {
				this.timestamps = Arrays.copyOf(this.timestamps, this.size * 2);
				this.values = Arrays.copyOf(this.values, this.size * 2);
			}
			this.timestamps[this.size] = ts;
			this.values[this.size++] = value;
		}

	}

}
