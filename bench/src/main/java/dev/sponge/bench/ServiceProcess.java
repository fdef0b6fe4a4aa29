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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.sponge.forkedjvm.ForkedJvm;
import dev.sponge.forkedjvm.Ports;

/**
 * The packaged service ({@code service/target/sponge-service-*.jar}) in its own JVM, as
 * it runs in production, against the benchmark's Cassandra node and issuer: Actuator on
 * its own management port (as in Kubernetes), where the probes and the Prometheus scrape
 * go.
 */
final class ServiceProcess implements AutoCloseable {

	private final ForkedJvm jvm;

	private final int port;

	private final int managementPort;

	private final Path gcLog;

	private final long startedNanos;

	private final ServiceMetrics metrics;

	private ServiceProcess(ForkedJvm jvm, int port, int managementPort, Path gcLog, long startedNanos) {
		this.jvm = jvm;
		this.port = port;
		this.managementPort = managementPort;
		this.gcLog = gcLog;
		this.startedNanos = startedNanos;
		this.metrics = new ServiceMetrics(managementUrl());
	}

	/**
	 * Starts the service and waits until it is ready.
	 * @param heap the {@code -Xmx} value, e.g. {@code 512m}
	 * @param extraJvmOptions e.g. a JFR recording
	 */
	static ServiceProcess start(Path root, Path workDir, String heap, String cassandraContactPoint, String issuerUri,
			List<String> extraJvmOptions) {
		int port = Ports.freePort();
		int managementPort = Ports.freePort();
		Path gcLog = workDir.resolve("service-gc-" + heap + "-" + port + ".log");
		List<String> options = new ArrayList<>(List.of("-Xmx" + heap, "-Xlog:gc:file=" + gcLog + ":uptime"));
		options.addAll(extraJvmOptions);
		long started = System.nanoTime();
		ForkedJvm jvm = ForkedJvm.builder("org.springframework.boot.loader.launch.JarLauncher")
			.name("sponge-service")
			.classpath(serviceJar(root))
			.jvmOptions(options)
			.args("--server.port=" + port, "--management.server.port=" + managementPort,
					"--spring.cassandra.contact-points=" + cassandraContactPoint,
					"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuerUri,
					"--sponge.cassandra.replication.strategy=SimpleStrategy", "--sponge.cassandra.replication.factor=1",
					// The new-series path brings its tenant more new series than the
					// default
					// active-series limit lets a tenant have: it measures registration,
					// not the limit.
					"--sponge.limits.active-series=1000000")
			.logFile(workDir.resolve("service-" + heap + "-" + port + ".log"))
			.start();
		ServiceProcess service = new ServiceProcess(jvm, port, managementPort, gcLog, started);
		HttpClient http = HttpClient.newHttpClient();
		jvm.await("service ready on port " + port, Duration.ofMinutes(3), () -> ready(http, service.managementUrl()));
		return service;
	}

	private static boolean ready(HttpClient http, String url) {
		try {
			return http
				.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	int port() {
		return this.port;
	}

	/** Actuator's base URL, e.g. {@code http://127.0.0.1:8081}. */
	String managementUrl() {
		return "http://127.0.0.1:" + this.managementPort;
	}

	/** The service's own metrics, scraped from {@code /actuator/prometheus}. */
	ServiceMetrics metrics() {
		return this.metrics;
	}

	long pid() {
		return this.jvm.pid();
	}

	boolean isAlive() {
		return this.jvm.isAlive();
	}

	Path logFile() {
		return this.jvm.logFile();
	}

	/** Approximate seconds since the JVM started, the clock of its GC log. */
	double uptime() {
		return (System.nanoTime() - this.startedNanos) / 1e9;
	}

	List<GcLog.Collection> collections() {
		return GcLog.read(this.gcLog);
	}

	static Path serviceJar(Path root) {
		Path target = root.resolve("service/target");
		try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
			return files.filter((p) -> p.getFileName().toString().matches("sponge-service-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No service jar in " + target
						+ "; build it first: ./mvnw -B -pl service -am package -DskipTests"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.jvm.stop(Duration.ofSeconds(30));
	}

}
