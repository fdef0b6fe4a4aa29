package dev.sponge.deploy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A .dockerignore: a path is left out of the build context when it, or a folder above it,
 * matches a pattern ({@code **} for any number of folders, {@code !} to take a path
 * back).
 */
final class DockerIgnore {

	private final List<String> patterns = new ArrayList<>();

	DockerIgnore(String text) {
		for (String line : text.split("\n")) {
			String pattern = line.strip();
			if (!pattern.isEmpty() && !pattern.startsWith("#")) {
				this.patterns.add(pattern.replaceAll("/+$", "").replaceAll("^/", ""));
			}
		}
	}

	boolean isIgnored(String path) {
		boolean ignored = false;
		for (String pattern : this.patterns) {
			boolean negated = pattern.startsWith("!");
			String glob = negated ? pattern.substring(1) : pattern;
			if (matchesItselfOrAParent(glob, path.replaceAll("/+$", ""))) {
				ignored = !negated;
			}
		}
		return ignored;
	}

	private static boolean matchesItselfOrAParent(String glob, String path) {
		List<PathMatcher> matchers = new ArrayList<>();
		matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
		if (glob.startsWith("**/")) {
			matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)));
		}
		for (Path candidate = Path.of(path); candidate != null; candidate = candidate.getParent()) {
			for (PathMatcher matcher : matchers) {
				if (matcher.matches(candidate)) {
					return true;
				}
			}
		}
		return false;
	}

}
