package dev.sponge.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of the repository, found from wherever the tests run (the deploy-tests module,
 * usually).
 */
final class Repository {

	static final Path ROOT = findRoot();

	private Repository() {
	}

	static Path path(String relative) {
		return ROOT.resolve(relative);
	}

	static String read(String relative) {
		try {
			return Files.readString(path(relative));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path findRoot() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("k8s"))) {
				return dir;
			}
		}
		throw new IllegalStateException(
				"No repository root (a directory with mvnw and k8s/) above " + Path.of("").toAbsolutePath());
	}

}
