package dev.sponge.promql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PromQL durations ({@code 1h30m}, {@code 500ms}, {@code 2w}) in milliseconds. */
final class Durations {

	private static final Pattern PART = Pattern.compile("([0-9]+)(ms|[smhdwy])");

	private Durations() {
	}

	static long parse(String text) {
		Matcher matcher = PART.matcher(text);
		long total = 0;
		while (matcher.find()) {
			long n = Long.parseLong(matcher.group(1));
			long unit = switch (matcher.group(2)) {
				case "ms" -> 1L;
				case "s" -> 1000L;
				case "m" -> 60_000L;
				case "h" -> 3_600_000L;
				case "d" -> 86_400_000L;
				case "w" -> 7 * 86_400_000L;
				default -> 365 * 86_400_000L;
			};
			total = Math.addExact(total, Math.multiplyExact(n, unit));
		}
		return total;
	}

}
