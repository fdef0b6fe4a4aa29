package dev.sponge.oidcissuer;

import dev.sponge.forkedjvm.ForkedJvm;
import dev.sponge.forkedjvm.LibraryDirectory;
import dev.sponge.forkedjvm.ForkedJvmBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the issuer's jars and describes the JVM that runs mock-oauth2-server. */
final class IssuerLaunch {

	/** System property that overrides where the issuer jars are. */
	static final String LIB_DIR_PROPERTY = "sponge.oidc-issuer.lib-dir";

	private static final String LIB_DIR_RESOURCE = "issuer-lib.path";

	private IssuerLaunch() {
	}

	static ForkedJvmBuilder jvm(String mainClass, int port, Path config, Path logFile) {
		return ForkedJvm.builder(mainClass)
			.name("oidc-issuer-" + port)
			.classpathJarsIn(libDir())
			// Our own main class (KeyRotatingIssuer) from wherever this module's classes
			// are.
			.classpath(ownCode())
			// A small, quick-starting JVM is plenty for a handful of token requests.
			.jvmOptions("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
			.env("SERVER_HOSTNAME", "127.0.0.1")
			.env("SERVER_PORT", String.valueOf(port))
			.env("JSON_CONFIG_PATH", config.toString())
			.workingDir(config.getParent())
			.logFile(logFile);
	}

	/**
	 * @return a fresh directory for the config and log: under target/ in a Maven module,
	 * else in tmp
	 */
	static Path workDir() {
		try {
			Path target = Path.of("target");
			Path parent = Files.isDirectory(target) ? Files.createDirectories(target.resolve("oidc-issuers"))
					: Path.of(System.getProperty("java.io.tmpdir"));
			return Files.createTempDirectory(parent, "issuer-").toAbsolutePath();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot create the issuer's working directory", e);
		}
	}

	static Path ownCode() {
		try {
			return Path.of(IssuerLaunch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (java.net.URISyntaxException e) {
			throw new IllegalStateException("Cannot locate the oidc-issuer classes", e);
		}
	}

	static Path libDir() {
		return LibraryDirectory.of(IssuerLaunch.class, LIB_DIR_RESOURCE, LIB_DIR_PROPERTY,
				"./mvnw -pl oidc-issuer -am compile");
	}

}
