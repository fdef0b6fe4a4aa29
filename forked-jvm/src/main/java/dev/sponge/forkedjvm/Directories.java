package dev.sponge.forkedjvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system chores of child processes' working directories. */
public final class Directories {

	private Directories() {
	}

	/**
	 * Deletes a directory tree (a child's temporary data or working directory), if it
	 * exists.
	 */
	public static void deleteRecursively(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot delete " + dir, ex);
		}
	}

}
