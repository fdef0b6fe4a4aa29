package dev.sponge.query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sponge.problem.ApiProblem;

/**
 * Parses the time parameters of queries: epoch milliseconds, RFC 3339, {@code now}, or a
 * time relative to now such as {@code -15m}, {@code -1h}, {@code -7d} (units s, m, h, d,
 * w).
 */
final class TimeParameter {

	private static final Pattern RELATIVE = Pattern.compile("-(\\d{1,9})(s|m|h|d|w)");

	private TimeParameter() {
	}

	static long parse(String name, String value, Instant now) {
		String text = value.strip();
		if ("now".equals(text)) {
			return now.toEpochMilli();
		}
		Matcher relative = RELATIVE.matcher(text);
		if (relative.matches()) {
			long amount = Long.parseLong(relative.group(1));
			long unit = switch (relative.group(2)) {
				case "s" -> 1_000L;
				case "m" -> 60_000L;
				case "h" -> 3_600_000L;
				case "d" -> 86_400_000L;
				default -> 604_800_000L;
			};
			return now.toEpochMilli() - amount * unit;
		}
		if (text.matches("-?\\d{1,18}")) {
			return Long.parseLong(text);
		}
		try {
			return OffsetDateTime.parse(text).toInstant().toEpochMilli();
		}
		catch (DateTimeParseException | ArithmeticException ex) {
			throw ApiProblem.badRequest(name + " '" + value
					+ "' is not a time: use epoch milliseconds, RFC 3339, 'now' or a relative time like -15m, -1h, -7d");
		}
	}

}
