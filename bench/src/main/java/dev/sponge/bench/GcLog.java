package dev.sponge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's unified GC log ({@code -Xlog:gc:file=...:uptime}): every collection's
 * heap before and after, which gives the peak heap and, after GC, what is really live.
 * Reading a log costs the service nothing, unlike polling it.
 */
final class GcLog {

	// e.g. "[12.345s] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 61M->20M(128M)
	// 3.1ms"
	private static final Pattern PAUSE = Pattern
		.compile("^\\[(\\d+[.,]\\d+)s\\].*GC\\(\\d+\\) Pause .*?(\\d+)M->(\\d+)M\\((\\d+)M\\)");

	private GcLog() {
	}

	/** The collections logged so far, oldest first; empty if there is no log yet. */
	static List<Collection> read(Path file) {
		if (!Files.exists(file)) {
			return List.of();
		}
		try {
			List<Collection> collections = new ArrayList<>();
			for (String line : Files.readAllLines(file)) {
				Matcher m = PAUSE.matcher(line);
				if (m.find()) {
					collections.add(new Collection(Double.parseDouble(m.group(1).replace(',', '.')),
							Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
				}
			}
			return collections;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Largest heap in use (just before a collection) in MiB, from {@code sinceUptime}.
	 */
	static long peakUsedMiB(List<Collection> collections, double sinceUptime) {
		return collections.stream()
			.filter((c) -> c.uptime() >= sinceUptime)
			.mapToLong(Collection::beforeMiB)
			.max()
			.orElse(0);
	}

	/**
	 * Largest heap in use (just before a collection) in MiB during any of the
	 * {@code windows} ({@code [from, to]} uptimes).
	 */
	static long peakUsedMiB(List<Collection> collections, List<double[]> windows) {
		return collections.stream()
			.filter((c) -> windows.stream().anyMatch((w) -> c.uptime() >= w[0] && c.uptime() <= w[1]))
			.mapToLong(Collection::beforeMiB)
			.max()
			.orElse(0);
	}

	/**
	 * One collection.
	 *
	 * @param uptime seconds since the service JVM started
	 * @param beforeMiB heap in use before it
	 * @param afterMiB heap in use after it (live data plus survivors)
	 * @param committedMiB heap committed
	 */
	record Collection(double uptime, long beforeMiB, long afterMiB, long committedMiB) {
	}

}
