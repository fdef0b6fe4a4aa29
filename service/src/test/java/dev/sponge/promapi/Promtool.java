package dev.sponge.promapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.sponge.support.PrometheusServer;

import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's real {@code promtool} run as a client of a Prometheus query API: one command
 * in its own process, its output in files of the test, waited for with a deadline.
 */
final class Promtool {

	/** How long one promtool command may take before it is killed and the test fails. */
	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private final Path work;

	private int runs;

	Promtool(Path work) {
		this.work = work;
	}

	/**
	 * Runs {@code promtool query <arguments>} to its end. {@code secret}, when not null,
	 * is an argument that is never shown in a failure (a token in a header).
	 */
	Result query(String secret, String... arguments) {
		List<String> command = new ArrayList<>(List.of(PrometheusServer.binary("promtool"), "query"));
		command.addAll(List.of(arguments));
		String shown = String.join(" ", command);
		if (secret != null) {
			shown = shown.replace(secret, "<secret>");
		}
		this.runs++;
		Path stdout = this.work.resolve("promtool-" + this.runs + ".out");
		Path stderr = this.work.resolve("promtool-" + this.runs + ".err");
		try {
			Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
				.redirectError(stderr.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
				.start();
			if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				fail(shown + " did not finish within " + DEADLINE);
			}
			return new Result(shown, process.exitValue(), Files.readString(stdout), Files.readString(stderr));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(shown + " was interrupted", ex);
		}
	}

	/** What one promtool command did: its exit code and what it printed. */
	record Result(String command, int exitCode, String stdout, String stderr) {

		/** The command's output, failing the test unless it exited 0. */
		String succeeded() {
			if (this.exitCode != 0) {
				fail(this.command + " exited " + this.exitCode + ": " + this.stderr);
			}
			return this.stdout;
		}

	}

}
