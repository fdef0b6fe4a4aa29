package dev.sponge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sponge.forkedjvm.Ports;

/**
 * Debian's real Prometheus ({@code /usr/bin/prometheus}, package {@code prometheus}) on a
 * free loopback port with a fresh storage directory and its remote-write receiver on, no
 * scrape targets: the PromQL phase writes the same samples to it as to the service and
 * asks it the same queries.
 */
final class PrometheusProcess implements AutoCloseable {

	private static final Path EXECUTABLE = Path.of("/usr/bin/prometheus");

	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private static final Pattern GAUGE = Pattern.compile("(?m)^(prometheus_tsdb_head_(?:min|max)_time) (\\S+)$");

	private final Process process;

	private final int port;

	private final Path dir;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private PrometheusProcess(Process process, int port, Path dir) {
		this.process = process;
		this.port = port;
		this.dir = dir;
	}

	static boolean installed() {
		return Files.isExecutable(EXECUTABLE);
	}

	static PrometheusProcess start(Path workDir) {
		if (!installed()) {
			throw new IllegalStateException(
					"Prometheus is not installed (Debian: apt-get install -y prometheus), or run without --promql");
		}
		try {
			int port = Ports.freePort();
			Path dir = Files.createDirectories(workDir.resolve("prometheus-" + port));
			Path config = Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1m\n");
			ProcessBuilder builder = new ProcessBuilder(List.of(EXECUTABLE.toString(), "--config.file=" + config,
					"--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
					"--web.enable-remote-write-receiver", "--log.level=warn"));
			builder.redirectErrorStream(true).redirectOutput(dir.resolve("output.log").toFile());
			Process process = builder.start();
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
			PrometheusProcess prometheus = new PrometheusProcess(process, port, dir);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (prometheus.status("/-/ready") != 200) {
				if (!process.isAlive() || System.nanoTime() - deadline > 0) {
					process.destroyForcibly();
					throw new IllegalStateException(
							"Prometheus did not start: " + Files.readString(dir.resolve("output.log")));
				}
				LockSupport.parkNanos(POLL_NANOS);
			}
			return prometheus;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	long pid() {
		return this.process.pid();
	}

	Path dir() {
		return this.dir;
	}

	/**
	 * Polls until the head block spans at most {@code span}: after a 24-hour backfill
	 * Prometheus compacts the older hours into blocks in the background, and the queries
	 * should not be measured while it does.
	 * @return whether it did before the deadline
	 */
	boolean awaitHeadWithin(Duration span, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			double[] head = headRange();
			if (head != null && head[1] - head[0] <= span.toMillis()) {
				return true;
			}
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			LockSupport.parkNanos(POLL_NANOS * 5);
		}
	}

	/** {@code [min, max]} of the head block in epoch milliseconds, or null. */
	private double[] headRange() {
		String metrics = body("/metrics");
		if (metrics == null) {
			return null;
		}
		double[] range = new double[] { Double.NaN, Double.NaN };
		Matcher gauge = GAUGE.matcher(metrics);
		while (gauge.find()) {
			range[gauge.group(1).endsWith("min_time") ? 0 : 1] = Double.parseDouble(gauge.group(2));
		}
		return (Double.isNaN(range[0]) || Double.isNaN(range[1])) ? null : range;
	}

	private int status(String path) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private String body(String path) {
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? response.body() : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		ChildProcesses.stop(this.process, Duration.ofSeconds(20));
	}

}
