package dev.sponge.series;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Naming rules shared by ingest and query: metric names and tag keys are
 * {@code [A-Za-z_][A-Za-z0-9_.:-]{0,127}}; tag values are 1 to 256 bytes of UTF-8.
 */
public final class SeriesNaming {

	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]{0,127}");

	public static final int MAX_TAG_VALUE_BYTES = 256;

	private SeriesNaming() {
	}

	/**
	 * Why {@code name} is not a valid metric name or tag key, or {@code null} if it is.
	 */
	public static String nameProblem(String name) {
		if (name == null || name.isEmpty()) {
			return "must not be empty";
		}
		if (!NAME.matcher(name).matches()) {
			return "must match [A-Za-z_][A-Za-z0-9_.:-]{0,127}";
		}
		return null;
	}

	/** Why {@code value} is not a valid tag value, or {@code null} if it is. */
	public static String tagValueProblem(String value) {
		if (value == null || value.isEmpty()) {
			return "must not be empty";
		}
		if (value.getBytes(StandardCharsets.UTF_8).length > MAX_TAG_VALUE_BYTES) {
			return "must be at most " + MAX_TAG_VALUE_BYTES + " bytes of UTF-8";
		}
		return null;
	}

}
