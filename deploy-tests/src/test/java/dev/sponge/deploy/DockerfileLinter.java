package dev.sponge.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs dockerfile-utils, the Dockerfile linter of the Docker language server (npm, pinned
 * in tools/dockerfile-lint), which parses a Dockerfile as Docker does and reports unknown
 * instructions and flags, wrong argument counts, malformed JSON forms, durations and the
 * like. Maven installs it with {@code npm ci} before the tests.
 */
final class DockerfileLinter {

	private static final Path LINTER = Repository
		.path("tools/dockerfile-lint/node_modules/dockerfile-utils/bin/dockerfile-utils");

	private DockerfileLinter() {
	}

	/**
	 * Every error and warning, as "line N: severity: message"; empty for a clean
	 * Dockerfile.
	 */
	static List<String> lint(String dockerfile) {
		if (!Files.isRegularFile(LINTER)) {
			throw new IllegalStateException("The Dockerfile linter is not installed at " + LINTER
					+ ": run `npm ci --prefix tools/dockerfile-lint` (the Maven build does, unless -DskipTests)");
		}
		try {
			Path file = Files.createTempFile("Dockerfile", "");
			try {
				Files.writeString(file, dockerfile);
				Process process = new ProcessBuilder("node", LINTER.toString(), "lint", "--json", file.toString())
					.redirectError(ProcessBuilder.Redirect.INHERIT)
					.start();
				String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				if (!process.waitFor(30, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					throw new IllegalStateException("dockerfile-utils took over 30 seconds");
				}
				List<String> problems = new ArrayList<>();
				for (JsonNode diagnostic : JsonMapper.builder().build().readTree(output)) {
					problems.add("line " + (diagnostic.at("/range/start/line").asInt() + 1) + ": "
							+ diagnostic.get("severity").asString() + ": " + diagnostic.get("message").asString());
				}
				return problems;
			}
			finally {
				Files.delete(file);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run dockerfile-utils (is Node.js on the PATH?)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
