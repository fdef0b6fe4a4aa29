package dev.sponge.forkedjvm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the directory of jars a child JVM runs from: a module copies its child's
 * dependencies there at build time and records the absolute path in a resource next to
 * its launcher; a system property overrides it.
 */
public final class LibraryDirectory {

	private LibraryDirectory() {
	}

	/**
	 * The library directory of {@code owner}'s child JVM.
	 * @param owner the launcher class; the resource is looked up relative to it
	 * @param resource name of the build-time resource holding the absolute path
	 * @param overrideProperty system property that, when set, names the directory instead
	 * @param buildHint what to run when the directory is missing
	 * @return an existing directory
	 */
	public static Path of(Class<?> owner, String resource, String overrideProperty, String buildHint) {
		String override = System.getProperty(overrideProperty);
		Path lib = (override != null) ? Path.of(override) : fromResource(owner, resource, overrideProperty);
		if (!Files.isDirectory(lib)) {
			throw new IllegalStateException(
					"Jars not found in " + lib + ": build first (" + buildHint + ") or set -D" + overrideProperty);
		}
		return lib;
	}

	private static Path fromResource(Class<?> owner, String resource, String overrideProperty) {
		try (InputStream in = owner.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Missing resource " + resource + "; set -D" + overrideProperty);
			}
			return Path.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
