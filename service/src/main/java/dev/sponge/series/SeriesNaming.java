package dev.sponge.series;

import java.nio.charset.StandardCharsets;

/**
 * Naming rules shared by ingest and query: tag keys are
 * {@code [A-Za-z_][A-Za-z0-9_.:-]{0,127}}; metric names may also start with {@code :}
 * ({@code [A-Za-z_:][A-Za-z0-9_.:-]{0,127}}), so every Prometheus metric name of up to
 * 128 characters is one; tag values are 1 to 256 bytes of UTF-8.
 */
public final class SeriesNaming {

	/** Most characters of a tag key or metric name. */
	public static final int MAX_NAME_LENGTH = 128;

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
		if (!isName(name, false)) {
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
		if (!isName(metric, true)) {
			return "must match [A-Za-z_:][A-Za-z0-9_.:-]{0,127}";
		}
		return null;
	}

	/**
	 * Whether {@code name} matches {@code [A-Za-z_][A-Za-z0-9_.:-]{0,127}} (with a
	 * leading {@code :} allowed for a metric). A scan rather than a regular expression:
	 * every series of every ingest request is checked, and the matcher was a sixth of the
	 * service's time on remote-write's one-sample-per-series requests.
	 */
	private static boolean isName(String name, boolean metric) {
		int length = name.length();
		if (length > MAX_NAME_LENGTH) {
			return false;
		}
		char first = name.charAt(0);
		if (!(isLetter(first) || first == '_' || (metric && first == ':'))) {
			return false;
		}
		for (int i = 1; i < length; i++) {
			char c = name.charAt(i);
			if (!(isLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' || c == '-')) {
				return false;
			}
		}
		return true;
	}

	private static boolean isLetter(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
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
