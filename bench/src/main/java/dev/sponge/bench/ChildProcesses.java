package dev.sponge.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping the programs the harness starts (lighttpd, Prometheus). */
final class ChildProcesses {

	private ChildProcesses() {
	}

	/**
	 * Asks {@code process} to end, waits up to {@code grace}, then kills it and waits up
	 * to ten seconds more.
	 */
	static void stop(Process process, Duration grace) {
		process.destroy();
		try {
			if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
