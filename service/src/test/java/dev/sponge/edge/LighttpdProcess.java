package dev.sponge.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import dev.sponge.forkedjvm.Ports;

/**
 * The real lighttpd, run with the repository's {@code lighttpd/lighttpd.conf} on free
 * loopback ports, in front of the given upstreams. It has a throwaway TLS certificate,
 * writes its access log to a file of its own, serves plain HTTP as local mode does
 * ({@code SPONGE_EDGE_PLAIN_HTTP=serve}, where Kubernetes redirects to https), and never
 * outlives the test JVM.
 *
 * <p>
 * Where lighttpd is not installed the tests fail with a message naming the Debian
 * packages; {@code -Dsponge.edge.skip=true} skips them instead (for a machine that cannot
 * install them; CI never sets it).
 */
final class LighttpdProcess implements AutoCloseable {

	/**
	 * Debian packages the edge needs: the server and the two modules packaged separately.
	 */
	static final List<String> PACKAGES = List.of("lighttpd", "lighttpd-mod-openssl", "lighttpd-mod-deflate");

	static final Path CONFIG = locateConfig();

	/**
	 * The subdirectory lighttpd is given for request bodies it stores
	 * (server.upload-dirs).
	 */
	private static final String UPLOADS = "uploads";

	private static final Map<Integer, LighttpdProcess> SHARED = new ConcurrentHashMap<>();

	private final Process process;

	private final Path directory;

	private final int port;

	private final int tlsPort;

	private final ThrowawayCertificate certificate;

	private final Map<String, String> env;

	private LighttpdProcess(Process process, Path directory, int port, int tlsPort, ThrowawayCertificate certificate,
			Map<String, String> env) {
		this.process = process;
		this.directory = directory;
		this.port = port;
		this.tlsPort = tlsPort;
		this.certificate = certificate;
		this.env = env;
	}

	/**
	 * One edge per service port, shared by the test classes of one application context.
	 */
	static LighttpdProcess sharedFor(int servicePort) {
		return SHARED.computeIfAbsent(servicePort, (port) -> start("127.0.0.1:" + port));
	}

	/** Starts lighttpd in front of {@code upstreams} ({@code host:port,host:port}). */
	static LighttpdProcess start(String upstreams) {
		return start(upstreams, Map.of());
	}

	/**
	 * Starts lighttpd in front of {@code upstreams} with {@code settings}
	 * ({@code SPONGE_EDGE_*} variables) in place of the defaults.
	 */
	static LighttpdProcess start(String upstreams, Map<String, String> settings) {
		requireInstalled();
		try {
			Path directory = Files.createTempDirectory("sponge-edge");
			Path uploads = Files.createDirectory(directory.resolve(UPLOADS));
			ThrowawayCertificate certificate = ThrowawayCertificate.create(directory);
			int port = Ports.freePort();
			int tlsPort = Ports.freePort();
			Map<String, String> env = new HashMap<>(Map.of("SPONGE_EDGE_PORT", Integer.toString(port),
					"SPONGE_UPSTREAMS", upstreams, "SPONGE_EDGE_TLS_PORT", Integer.toString(tlsPort),
					"SPONGE_EDGE_TLS_CERT", certificate.certificate().toString(), "SPONGE_EDGE_TLS_KEY",
					certificate.privateKey().toString(), "SPONGE_EDGE_BIND", "127.0.0.1", "SPONGE_EDGE_ACCESS_LOG",
					directory.resolve("access.log").toString(), "SPONGE_EDGE_TEMP_DIR", uploads.toString(),
					"SPONGE_EDGE_PLAIN_HTTP", "serve"));
			env.putAll(settings);
			if (!env.containsKey("SPONGE_EDGE_DOCROOT")) {
				// lighttpd/ holds no pages: the document root is the dashboard's bundle,
				// which
				// only DashboardBrowserTest needs built; the other edge tests serve this
				// page.
				Path www = Files.createDirectory(directory.resolve("www"));
				Files.writeString(www.resolve("index.html"), """
						<!doctype html>
						<html lang="en"><head><meta charset="utf-8"><title>Sponge</title></head>
						<body><h1>Sponge</h1></body></html>
						""");
				env.put("SPONGE_EDGE_DOCROOT", www.toString());
			}
			return launch(directory, port, tlsPort, certificate, env);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static LighttpdProcess launch(Path directory, int port, int tlsPort, ThrowawayCertificate certificate,
			Map<String, String> env) throws IOException {
		ProcessBuilder builder = command(env, "-D");
		builder.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("output.log").toFile()));
		Process process = builder.start();
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
		LighttpdProcess lighttpd = new LighttpdProcess(process, directory, port, tlsPort, certificate, Map.copyOf(env));
		lighttpd.awaitListening();
		return lighttpd;
	}

	/**
	 * Stops this lighttpd at once (SIGTERM: every connection is cut, as when an edge pod
	 * dies), runs {@code whileDown}, and starts another with the same settings on the
	 * same ports.
	 */
	LighttpdProcess restarted(Runnable whileDown) {
		close();
		whileDown.run();
		try {
			return launch(this.directory, this.port, this.tlsPort, this.certificate, this.env);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * {@code lighttpd -tt} (load and check the config and its modules) with {@code env}:
	 * exit code and output.
	 */
	static Check check(Map<String, String> env) {
		requireInstalled();
		try {
			Process process = command(env, "-tt").redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			Assertions.assertTrue(process.waitFor(30, TimeUnit.SECONDS), "lighttpd -tt did not finish");
			return new Check(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Check(int exitCode, String output) {
	}

	private static ProcessBuilder command(Map<String, String> env, String mode) {
		ProcessBuilder builder = new ProcessBuilder(executable().toString(), mode, "-f", CONFIG.toString());
		builder.environment().keySet().removeIf((name) -> name.startsWith("SPONGE_"));
		builder.environment().putAll(env);
		return builder;
	}

	/** Aborts the calling edge test when the edge tests are switched off. */
	static void abortIfEdgeTestsSkipped() {
		if (Boolean.getBoolean("sponge.edge.skip")) {
			Assumptions.abort("-Dsponge.edge.skip=true: the lighttpd edge tests do not run");
		}
	}

	static void requireInstalled() {
		abortIfEdgeTestsSkipped();
		String install = "; install the Debian packages " + String.join(" ", PACKAGES) + " (apt-get install -y "
				+ String.join(" ", PACKAGES)
				+ ", as .ci/run does), or pass -Dsponge.edge.skip=true to skip the edge tests";
		if (executable() == null) {
			Assertions.fail("lighttpd is not installed" + install);
		}
		Path modules = Path.of("/usr/lib/lighttpd");
		for (String module : List.of("mod_openssl", "mod_deflate")) {
			if (Files.isDirectory(modules) && !Files.exists(modules.resolve(module + ".so"))) {
				Assertions.fail(module + " is missing (package lighttpd-" + module.replace('_', '-') + ")" + install);
			}
		}
	}

	private static Path executable() {
		String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
		for (String directory : path.split(":")) {
			Path candidate = Path.of(directory.isEmpty() ? "." : directory, "lighttpd");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	private static Path locateConfig() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path config = dir.resolve("lighttpd/lighttpd.conf");
			if (Files.exists(config)) {
				return config;
			}
		}
		throw new IllegalStateException("lighttpd/lighttpd.conf not found above " + Path.of("").toAbsolutePath());
	}

	private void awaitListening() {
		Awaitility.await("lighttpd listening on " + this.port + " and " + this.tlsPort)
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(
							"lighttpd exited with " + this.process.exitValue() + ": " + output());
				}
				return Ports.isOpen("127.0.0.1", this.port) && Ports.isOpen("127.0.0.1", this.tlsPort);
			});
	}

	int port() {
		return this.port;
	}

	int tlsPort() {
		return this.tlsPort;
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	ThrowawayCertificate certificate() {
		return this.certificate;
	}

	Path accessLog() {
		return this.directory.resolve("access.log");
	}

	/**
	 * lighttpd's upload directory ({@code SPONGE_EDGE_TEMP_DIR}, server.upload-dirs):
	 * where it stores the request bodies it holds, and nothing else.
	 */
	Path uploadDirectory() {
		return this.directory.resolve(UPLOADS);
	}

	/** What lighttpd printed (its error log goes to stderr by default). */
	String output() {
		try {
			return Files.readString(this.directory.resolve("output.log"));
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * SIGINT: lighttpd stops accepting and lets the requests in flight finish (graceful
	 * shutdown).
	 */
	void interrupt() throws IOException, InterruptedException {
		Assertions.assertEquals(0,
				new ProcessBuilder("kill", "-INT", Long.toString(this.process.pid())).start().waitFor());
	}

	/** SIGTERM: lighttpd exits at once. */
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
	}

	Process process() {
		return this.process;
	}

}
