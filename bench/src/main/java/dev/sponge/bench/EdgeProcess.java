package dev.sponge.bench;

import java.time.Duration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.sponge.forkedjvm.Ports;

/**
 * The real lighttpd with the repository's {@code lighttpd/lighttpd.conf}, in front of one
 * service instance, on free loopback ports (as {@code ./run-edge} starts it). The
 * benchmark talks plain HTTP to it; the TLS port only gets a throwaway certificate
 * because the config always opens it.
 */
final class EdgeProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private EdgeProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static EdgeProcess start(Path root, Path workDir, int servicePort) {
		try {
			Path dir = Files.createDirectories(workDir.resolve("edge-" + servicePort));
			Path cert = dir.resolve("tls.crt");
			Path key = dir.resolve("tls.key");
			run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
					"-days", "2", "-subj", "/CN=localhost", "-keyout", key.toString(), "-out", cert.toString()));
			int port = Ports.freePort();
			ProcessBuilder builder = new ProcessBuilder(executable(), "-D", "-f",
					root.resolve("lighttpd/lighttpd.conf").toString());
			builder.environment().keySet().removeIf((name) -> name.startsWith("SPONGE_"));
			builder.environment()
				.putAll(Map.of("SPONGE_EDGE_PORT", Integer.toString(port), "SPONGE_EDGE_TLS_PORT",
						Integer.toString(Ports.freePort()), "SPONGE_UPSTREAMS", "127.0.0.1:" + servicePort,
						"SPONGE_EDGE_BIND", "127.0.0.1", "SPONGE_EDGE_TLS_CERT", cert.toString(), "SPONGE_EDGE_TLS_KEY",
						key.toString(), "SPONGE_EDGE_ACCESS_LOG", dir.resolve("access.log").toString(),
						"SPONGE_EDGE_TEMP_DIR", dir.toString(), "SPONGE_EDGE_PLAIN_HTTP", "serve"));
			builder.redirectErrorStream(true).redirectOutput(dir.resolve("output.log").toFile());
			Process process = builder.start();
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (!Ports.isOpen("127.0.0.1", port)) {
				if (!process.isAlive() || System.nanoTime() > deadline) {
					process.destroyForcibly();
					throw new IllegalStateException(
							"lighttpd did not start: " + Files.readString(dir.resolve("output.log")));
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
			}
			return new EdgeProcess(process, port);
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

	private static String executable() {
		for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin").split(":")) {
			Path candidate = Path.of(dir.isEmpty() ? "." : dir, "lighttpd");
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		throw new IllegalStateException("lighttpd is not installed (Debian: apt-get install -y lighttpd "
				+ "lighttpd-mod-openssl lighttpd-mod-deflate), or run with --no-edge");
	}

	private static void run(List<String> command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		try {
			if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(command.get(0) + " failed: " + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		ChildProcesses.stop(this.process, Duration.ofSeconds(10));
	}

}
