package dev.sponge.cassandranode;

import dev.sponge.forkedjvm.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Resolved, immutable settings of one node (ports are concrete, never 0). */
record NodeSettings(String clusterName, String listenAddress, int nativePort, int storagePort, String seeds,
		Path dataDir, boolean tempDataDir, Path logFile, String heap, boolean passwordAuth, Duration startupTimeout,
		int concurrency, boolean syncCommitLog) {

	Path confDir() {
		return dataDir.resolve("conf");
	}

	/**
	 * Resolves free ports, the temp data directory and the other defaults of {@code b}.
	 */
	static NodeSettings resolve(CassandraNode.Builder b) {
		int nativePort = b.nativePort != 0 ? b.nativePort : Ports.freePort();
		int storagePort = b.storagePort != 0 ? b.storagePort : Ports.freePort();
		boolean temp = b.dataDir == null;
		Path dataDir = (temp ? newTempDataDir() : b.dataDir).toAbsolutePath().normalize();
		Path logFile = b.logFile != null ? b.logFile.toAbsolutePath()
				: dataDir.resolveSibling(dataDir.getFileName() + ".log");
		String seeds = b.seeds != null ? b.seeds : b.listenAddress + ":" + storagePort;
		return new NodeSettings(b.clusterName, b.listenAddress, nativePort, storagePort, seeds, dataDir, temp, logFile,
				b.heap, b.passwordAuth, b.startupTimeout, b.concurrency, b.syncCommitLog);
	}

	/**
	 * A fresh directory per node, so a second run never trips over stale data: under
	 * {@code target/} when running from a Maven module (so {@code mvn clean} removes
	 * leftovers), else in java.io.tmpdir.
	 */
	private static Path newTempDataDir() {
		try {
			Path target = Path.of("target");
			Path parent = Files.isDirectory(target) ? Files.createDirectories(target.resolve("cassandra-nodes"))
					: Path.of(System.getProperty("java.io.tmpdir"));
			return Files.createTempDirectory(parent, "node-");
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot create a temporary Cassandra data directory", e);
		}
	}
}
