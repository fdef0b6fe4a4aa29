package dev.sponge.series;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Naming rules shared by ingest and query: tag keys are
 * {@code [A-Za-z_][A-Za-z0-9_.:-]{0,127}}; metric names may also start with {@code :}
 * ({@code [A-Za-z_:][A-Za-z0-9_.:-]{0,127}}), so every Prometheus metric name of up to
 * 128 characters is one; tag values are 1 to 256 bytes of UTF-8.
 */
public final class SeriesNaming {

	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]{0,127}");

	private static final Pattern METRIC = Pattern.compile("[A-Za-z_:][A-Za-z0-9_.:-]{0,127}");

	public static final int MAX_TAG_VALUE_BYTES = 256;

	private SeriesNaming() {
	}

	/**
	 * Why {@code name} is not a valid tag key, or {@code null} if it is.
	 */
	public static String tagKeyProblem(String name) {
		if (name == null || name.isEmpty()) {
			return "must not be empty";
		}
		if (!NAME.matcher(name).matches()) {
			return "must match [A-Za-z_][A-Za-z0-9_.:-]{0,127}";
		}
		return null;
	}

	/**
	 * Why {@code metric} is not a valid metric name, or {@code null} if it is. A tag key
	 * may not start with {@code :} (a {@code tag=key:value} filter could not name it); a
	 * metric name may, as a Prometheus one may.
	 */
	public static String metricProblem(String metric) {
		if (metric == null || metric.isEmpty()) {
			return "must not be empty";
		}
		if (!METRIC.matcher(metric).matches()) {
			return "must match [A-Za-z_:][A-Za-z0-9_.:-]{0,127}";
		}
		return null;
	}

	/** Why {@code value} is not a valid tag value, or {@code null} if it is. */
	public static String tagValueProblem(String value) {
		if (value == null || value.isEmpty()) {
			return "must not be empty";
		}
		int unpaired = unpairedSurrogate(value);
		if (unpaired >= 0) {
			// A JSON escape such as \ud800 decodes to half a character, which has no
			// UTF-8
			// form: it could only be stored as something else than the client sent.
			return "must be valid Unicode: an unpaired surrogate (\\u" + Integer.toHexString(value.charAt(unpaired))
					+ ") at character " + unpaired;
		}
		if (value.getBytes(StandardCharsets.UTF_8).length > MAX_TAG_VALUE_BYTES) {
			return "must be at most " + MAX_TAG_VALUE_BYTES + " bytes of UTF-8";
		}
		return null;
	}

	/** The index of the first surrogate that is not half of a pair, or -1. */
	private static int unpairedSurrogate(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return i;
			}
		}
		return -1;
	}

}
