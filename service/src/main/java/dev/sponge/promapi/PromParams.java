package dev.sponge.promapi;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.util.MultiValueMap;

import dev.sponge.promql.Expr;
import dev.sponge.promql.PromQL;
import dev.sponge.promql.PromQLException;

/**
 * The parameters of one Prometheus API request, from its query string and, for a form
 * POST, its body; parsed as Prometheus parses them (times as RFC 3339 or Unix seconds,
 * steps as durations or seconds), each bad one a {@link BadData} naming it.
 */
record PromParams(MultiValueMap<String, String> values) {

	private static final Pattern DURATION = Pattern.compile("([0-9]+(ms|[smhdwy]))+");

	String first(String name) {
		return this.values.getFirst(name);
	}

	List<String> all(String name) {
		List<String> all = this.values.get(name);
		return (all != null) ? all : List.of();
	}

	/**
	 * The {@code query} parameter parsed; one that does not parse (or is missing) is
	 * refused as Prometheus refuses it, the parser's message after
	 * {@code invalid parameter "query": }.
	 */
	Expr query() {
		String query = first("query");
		try {
			return PromQL.parse((query != null) ? query : "");
		}
		catch (PromQLException ex) {
			if (ex.kind() == PromQLException.Kind.BAD_DATA) {
				throw new BadData("invalid parameter \"query\": " + ex.getMessage());
			}
			throw ex;
		}
	}

	/** A time parameter in epoch milliseconds, or {@code fallback} when absent. */
	long time(String name, long fallback) {
		String text = first(name);
		if (text == null || text.isEmpty()) {
			return fallback;
		}
		try {
			return new BigDecimal(text).movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
		}
		catch (NumberFormatException | ArithmeticException ex) {
			try {
				return OffsetDateTime.parse(text).toInstant().toEpochMilli();
			}
			catch (DateTimeParseException notRfc3339) {
				throw new BadData(
						"invalid parameter \"" + name + "\": cannot parse \"" + text + "\" to a valid timestamp");
			}
		}
	}

	long requiredTime(String name) {
		if (first(name) == null) {
			throw new BadData("invalid parameter \"" + name + "\": cannot parse \"\" to a valid timestamp");
		}
		return time(name, 0);
	}

	/** The {@code step} of a range query in milliseconds. */
	long step() {
		String text = first("step");
		if (text == null) {
			throw new BadData("invalid parameter \"step\": cannot parse \"\" to a valid duration");
		}
		try {
			if (DURATION.matcher(text).matches()) {
				return dev.sponge.promql.PromQL.duration(text);
			}
			return new BigDecimal(text).movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
		}
		catch (NumberFormatException | ArithmeticException ex) {
			throw new BadData("invalid parameter \"step\": cannot parse \"" + text + "\" to a valid duration");
		}
	}

	static Instant instant(long millis) {
		return Instant.ofEpochMilli(millis);
	}

	/** A parameter Prometheus would refuse with 400 {@code bad_data}. */
	static final class BadData extends RuntimeException {

		BadData(String message) {
			super(message, null, false, false);
		}

	}

}
