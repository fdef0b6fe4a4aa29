package dev.sponge.localmode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import dev.sponge.cassandranode.CassandraNode;
import dev.sponge.forkedjvm.ForkedJvm;
import dev.sponge.oidcissuer.OidcIssuer;

/**
 * Local mode, started by {@code ./run-local}: a Cassandra node on 127.0.0.1:9042 (data
 * kept in {@code local-data/cassandra}), the local OIDC issuer on :8090 and the packaged
 * service on :8080 with the {@code local} profile. Ctrl-C stops all three; none outlives
 * this JVM.
 */
public final class LocalMode {

	private static final System.Logger LOG = System.getLogger(LocalMode.class.getName());

	private static final int SERVICE_PORT = 8080;

	private static final int ISSUER_PORT = 8090;

	private LocalMode() {
	}

	public static void main(String[] args) throws InterruptedException {
		Path root = Path.of("").toAbsolutePath();
		Path data = root.resolve("local-data");
		CassandraNode node = CassandraNode.builder()
			.nativePort(9042)
			.dataDir(data.resolve("cassandra"))
			.clusterName("sponge-local")
			.build();
		Runtime.getRuntime().addShutdownHook(new Thread(node::close, "local-cassandra-stop"));
		LOG.log(System.Logger.Level.INFO, "Starting Cassandra (log: {0})", node.logFile());
		node.start();
		OidcIssuer issuer = OidcIssuer.start(ISSUER_PORT);
		Runtime.getRuntime().addShutdownHook(new Thread(issuer::close, "local-issuer-stop"));
		ForkedJvm service = ForkedJvm.builder("org.springframework.boot.loader.launch.JarLauncher")
			.name("sponge-service")
			.classpath(serviceJar(root))
			.jvmOptions("-Xmx512m")
			.args("--spring.profiles.active=local", "--server.port=" + SERVICE_PORT)
			.logFile(data.resolve("service.log"))
			.start();
		LOG.log(System.Logger.Level.INFO, "Starting the service (log: {0})", service.logFile());
		service.awaitPort("127.0.0.1", SERVICE_PORT, Duration.ofSeconds(120));
		// Plain concatenation: a logger pattern would eat the quotes of the sed
		// expression.
		String tokenCommand = "TOKEN=$(curl -s -X POST " + issuer.tokenUri(OidcIssuer.DEFAULT_ISSUER_ID)
				+ " -d grant_type=client_credentials -d client_id=demo -d client_secret=x -d profile=demo-writer"
				+ " | sed -nE 's/.*\"access_token\" *: *\"([^\"]+)\".*/\\1/p')";
		LOG.log(System.Logger.Level.INFO,
				"\n\nSponge is up: http://localhost:" + SERVICE_PORT + " (Cassandra 127.0.0.1:9042, issuer "
						+ issuer.issuerUri(OidcIssuer.DEFAULT_ISSUER_ID) + "). Ctrl-C stops it.\nLogs: "
						+ service.logFile() + "\n\n  " + tokenCommand + "\n");
		int exit = service.waitFor();
		LOG.log(System.Logger.Level.INFO, "The service exited with code {0}; see {1}", String.valueOf(exit),
				service.logFile());
	}

	private static Path serviceJar(Path root) {
		try (Stream<Path> files = Files.list(root.resolve("service/target"))) {
			return files.filter((p) -> p.getFileName().toString().matches("sponge-service-.*\\.jar"))
				.findFirst()
				.orElseThrow(
						() -> new IllegalStateException("No service jar in service/target; run ./mvnw package first"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
