package dev.sponge.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assertions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.sponge.forkedjvm.Ports;

/**
 * Debian's real mtail running the repository's programs ({@code lighttpd/mtail/}) on one
 * log file, with the flags of the edge pod's sidecar, on a free loopback port. Started,
 * it has loaded the programs and opened the log. Gated like {@link LighttpdProcess}:
 * missing, it fails naming the package, unless {@code -Dsponge.edge.skip=true}.
 */
final class MtailProcess implements AutoCloseable {

	static final Path PROGRAMS = LighttpdProcess.CONFIG.resolveSibling("mtail");

	private static final Path EXECUTABLE = Path.of("/usr/bin/mtail");

	private final HttpClient http = HttpClient.newHttpClient();

	private final Process process;

	private final Path output;

	private final int port;

	private MtailProcess(Process process, Path output, int port) {
		this.process = process;
		this.output = output;
		this.port = port;
	}

	/** Starts mtail on {@code log} and waits until it reads it. */
	static MtailProcess start(Path log) {
		requireInstalled();
		try {
			int port = Ports.freePort();
			Path output = Files.createTempFile("mtail", ".log");
			Process process = new ProcessBuilder(EXECUTABLE.toString(), "--progs", PROGRAMS.toString(), "--logs",
					log.toString(), "--address", "127.0.0.1", "--port", Integer.toString(port), "--logtostderr",
					"--emit_prog_label=false")
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
			MtailProcess mtail = new MtailProcess(process, output, port);
			Awaitility.await("mtail has loaded " + PROGRAMS + " and opened " + log)
				.atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(100))
				.ignoreExceptions()
				.until(() -> {
					if (!process.isAlive()) {
						throw new IllegalStateException("mtail exited: " + mtail.output());
					}
					return mtail.opens(log) >= 1 && mtail.variables().at("/prog_loads_total/edge.mtail").asLong() == 1
							&& mtail.variables().at("/prog_load_errors_total").isEmpty();
				});
			return mtail;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void requireInstalled() {
		LighttpdProcess.abortIfEdgeTestsSkipped();
		if (!Files.isExecutable(EXECUTABLE)) {
			Assertions.fail("mtail is not installed; install the Debian package mtail (apt-get install -y mtail, "
					+ "as tools/test-packages/provide does), or pass -Dsponge.edge.skip=true to skip the edge tests");
		}
	}

	/** Where Prometheus scrapes it ({@code host:port}). */
	String target() {
		return "127.0.0.1:" + this.port;
	}

	/** What Prometheus reads: the text of {@code /metrics}. */
	String metrics() {
		return get("/metrics");
	}

	/**
	 * How often mtail has opened {@code log}: once, and once more after each rotation.
	 */
	long opens(Path log) {
		return this.variables().path("log_opens_total").path(log.toString()).asLong();
	}

	/** mtail's own counters ({@code /debug/vars}). */
	private JsonNode variables() {
		return JsonMapper.shared().readTree(get("/debug/vars"));
	}

	private String get(String path) {
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(URI.create("http://" + target() + path)).build(),
					HttpResponse.BodyHandlers.ofString());
			Assertions.assertEquals(200, response.statusCode(), path);
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	String output() {
		try {
			return String.join("\n", Files.readAllLines(this.output));
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		this.output.toFile().delete();
	}

}
