package dev.sponge.deploy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options of a {@code JAVA_TOOL_OPTIONS} value, as the JVM reads them (later
 * words win).
 *
 * @param words the options, split on whitespace
 */
record JavaToolOptions(List<String> words) {

	private static final Pattern SIZE = Pattern.compile("(\\d+)([kKmMgG]?)");

	/** Options that size the JVM or pick its collector: they belong in one place. */
	private static final Pattern SIZING = Pattern
		.compile("-Xm[sx].*|-Xss.*|-XX:[+-]Use\\w*GC|-XX:(Max|Min|Initial)RAMPercentage=.*|-XX:ActiveProcessorCount=.*"
				+ "|-XX:MaxDirectMemorySize=.*|-XX:(Max)?MetaspaceSize=.*");

	static JavaToolOptions parse(String value) {
		return new JavaToolOptions(
				(value == null || value.isBlank()) ? List.of() : Arrays.asList(value.strip().split("\\s+")));
	}

	static boolean isSizing(String word) {
		return SIZING.matcher(word).matches();
	}

	boolean has(String option) {
		return this.words.contains(option);
	}

	/** The last value of {@code -XX:Name=value}. */
	Optional<String> xx(String name) {
		return last("-XX:" + name + "=");
	}

	/** {@code -Xmx} in MiB, if set. */
	Optional<Long> maxHeapMiB() {
		return last("-Xmx").map(JavaToolOptions::mebibytes);
	}

	/** {@code -Xms} in MiB, if set. */
	Optional<Long> initialHeapMiB() {
		return last("-Xms").map(JavaToolOptions::mebibytes);
	}

	Optional<Long> maxDirectMemoryMiB() {
		return xx("MaxDirectMemorySize").map(JavaToolOptions::mebibytes);
	}

	Optional<Integer> activeProcessorCount() {
		return xx("ActiveProcessorCount").map(Integer::valueOf);
	}

	private Optional<String> last(String prefix) {
		String found = null;
		for (String word : this.words) {
			if (word.startsWith(prefix)) {
				found = word.substring(prefix.length());
			}
		}
		return Optional.ofNullable(found);
	}

	/** A JVM size (bytes without unit; k, m or g) in MiB, rounded down. */
	static long mebibytes(String size) {
		Matcher matcher = SIZE.matcher(size);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not a JVM size: " + size);
		}
		long number = Long.parseLong(matcher.group(1));
		return switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
			case "k" -> number / 1024;
			case "m" -> number;
			case "g" -> number * 1024;
			default -> number / (1024 * 1024);
		};
	}

}
