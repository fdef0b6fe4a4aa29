package dev.sponge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.sponge.forkedjvm.Ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Debian's real Prometheus on a free loopback port, with a configuration of the test's
 * own (scraping every second), storing in a directory of the test, and queried through
 * its HTTP API.
 */
public final class PrometheusServer implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.shared();

	private final HttpClient http = HttpClient.newHttpClient();

	private final Process process;

	private final String url;

	private PrometheusServer(Process process, String url) {
		this.process = process;
		this.url = url;
	}

	/**
	 * Starts Prometheus with {@code config} (a prometheus.yml) in {@code work} and waits
	 * until it is ready.
	 */
	public static PrometheusServer start(Path work, String config) {
		return start(work, (port) -> config);
	}

	/**
	 * Starts Prometheus with the prometheus.yml {@code config} makes of the port it will
	 * listen on (to scrape itself, say) in {@code work}, and waits until it is ready.
	 */
	public static PrometheusServer start(Path work, IntFunction<String> config) {
		return start(work, config, List.of());
	}

	/**
	 * As {@link #start(Path, IntFunction)}, with more command-line flags (such as
	 * {@code --web.enable-remote-write-receiver}).
	 */
	public static PrometheusServer start(Path work, IntFunction<String> config, List<String> flags) {
		try {
			int port = Ports.freePort();
			Path file = Files.writeString(work.resolve("prometheus.yml"), config.apply(port));
			List<String> command = new ArrayList<>(List.of(binary("prometheus"), "--config.file=" + file,
					"--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + port));
			command.addAll(flags);
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(work.resolve("prometheus.log").toFile())
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
			PrometheusServer prometheus = new PrometheusServer(process, "http://127.0.0.1:" + port);
			await("Prometheus ready").atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> prometheus.send("/-/ready").statusCode() == 200);
			return prometheus;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The result of an instant query: its {@code data.result} array. */
	public JsonNode query(String promql) {
		JsonNode response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
		assertThat(response.get("status").asString()).as("query parses: " + promql).isEqualTo("success");
		return response.get("data").get("result");
	}

	/** The first value of an instant query, or 0 when it has none. */
	public double value(String promql) {
		JsonNode result = query(promql);
		return result.isEmpty() ? 0 : Double.parseDouble(result.get(0).get("value").get(1).asString());
	}

	/** The base URL, {@code http://127.0.0.1:<port>}. */
	public String url() {
		return this.url;
	}

	/** A GET of the HTTP API, its JSON answer. */
	public JsonNode get(String path) {
		return JSON.readTree(send(path).body());
	}

	private HttpResponse<String> send(String path) {
		try {
			return this.http.send(HttpRequest.newBuilder(URI.create(this.url + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The binary from Debian's prometheus package, or a failure that says how to get it.
	 */
	public static String binary(String name) {
		Path path = Path.of("/usr/bin", name);
		assertThat(path)
			.as(name + " is missing: apt-get install prometheus (Debian's package; tools/test-packages/provide "
					+ "installs it)")
			.isExecutable();
		return path.toString();
	}

}
