package dev.sponge.query;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sponge.problem.ApiProblem;

/**
 * The bucket width of a downsampled query: {@code 30s}, {@code 1m}, {@code 5m},
 * {@code 1h}, {@code 1d} (units s, m, h, d) or ISO-8601 such as {@code PT1M}; a whole
 * number of seconds from 1 second to 1 day.
 */
final class Step {

	static final long MIN_MILLIS = 1_000L;

	static final long MAX_MILLIS = 86_400_000L;

	private static final Pattern SHORT = Pattern.compile("(\\d{1,6})(s|m|h|d)");

	private Step() {
	}

	/** The step in milliseconds; anything else is a 400 naming the allowed forms. */
	static long parseMillis(String text) {
		String value = text.strip();
		long millis;
		Matcher shortForm = SHORT.matcher(value);
		if (shortForm.matches()) {
			long unit = switch (shortForm.group(2)) {
				case "s" -> 1_000L;
				case "m" -> 60_000L;
				case "h" -> 3_600_000L;
				default -> 86_400_000L;
			};
			millis = Long.parseLong(shortForm.group(1)) * unit;
		}
		else {
			try {
				millis = Duration.parse(value).toMillis();
			}
			catch (DateTimeParseException | ArithmeticException ex) {
				throw invalid(text);
			}
		}
		if (millis < MIN_MILLIS || millis > MAX_MILLIS || millis % 1_000L != 0) {
			throw invalid(text);
		}
		return millis;
	}

	/**
	 * Start of the step bucket holding {@code ts}: buckets are epoch multiples of the
	 * step.
	 */
	static long bucketStart(long ts, long stepMillis) {
		return Math.floorDiv(ts, stepMillis) * stepMillis;
	}

	private static ApiProblem invalid(String text) {
		return ApiProblem.badRequest("step '" + text + "' is not a step: use a whole number of seconds from 1s to 1d, "
				+ "written like 30s, 1m, 5m, 1h, 1d or ISO-8601 like PT1M");
	}

}
