package dev.sponge.cassandranode;

import dev.sponge.forkedjvm.Directories;
import dev.sponge.forkedjvm.ForkedJvm;
import dev.sponge.forkedjvm.ForkedJvmBuilder;
import dev.sponge.forkedjvm.Ports;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real single Apache Cassandra 5.0 node running in its own JVM, started from the
 * cassandra-all jars that the build copied to {@code cassandra-node/target/cassandra-lib}
 * (never on the caller's classpath).
 *
 * <p>
 * Use {@link #shared()} in integration tests (one node per test JVM), or
 * {@link #builder()} for a dedicated node, e.g. for fault tests with {@link #kill()} and
 * a restart via {@link #start()}. Ports are resolved when the node is built and kept
 * across restarts. With password authentication the superuser is
 * {@value #SUPERUSER}/{@value #SUPERUSER_PASSWORD}.
 */
public final class CassandraNode implements AutoCloseable {

	/** Default superuser Cassandra creates when password authentication is on. */
	public static final String SUPERUSER = "cassandra";

	/** Password of {@link #SUPERUSER}. */
	public static final String SUPERUSER_PASSWORD = "cassandra";

	/** Data center of a node using SimpleSnitch. */
	public static final String LOCAL_DATACENTER = "datacenter1";

	private static final System.Logger LOG = System.getLogger(CassandraNode.class.getName());

	private static CassandraNode shared;

	private final NodeSettings settings;

	private final ForkedJvmBuilder launcher;

	private volatile ForkedJvm jvm;

	private volatile boolean closed;

	private CassandraNode(NodeSettings settings) {
		this.settings = settings;
		this.launcher = CassandraLaunch.jvm(settings);
	}

	/**
	 * @return a builder for a node that is not started yet
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * One node per JVM for integration tests: started on first use on free ports with a
	 * temporary data directory, restarted if a test stopped it, and closed (data deleted)
	 * when the JVM exits.
	 * @return the running shared node
	 */
	public static synchronized CassandraNode shared() {
		if (shared == null || shared.closed) {
			CassandraNode node = builder().build();
			Runtime.getRuntime().addShutdownHook(new Thread(node::close, "cassandra-node-shared-close"));
			shared = node;
		}
		return shared.isRunning() ? shared : shared.start();
	}

	/**
	 * Writes cassandra.yaml, forks the Cassandra JVM and waits until a CQL session can be
	 * established. Starting a running node does nothing; starting a stopped or killed one
	 * restarts it on the same ports and data directory.
	 * @return this
	 * @throws IllegalStateException if the native port is taken, or the node dies or is
	 * not ready within the startup timeout (the message holds the end of the node's log)
	 */
	public synchronized CassandraNode start() {
		if (closed) {
			throw new IllegalStateException("Cassandra node on port " + settings.nativePort() + " is closed");
		}
		if (isRunning()) {
			return this;
		}
		// Fail fast instead of mistaking someone else's server for ours.
		if (Ports.isOpen(settings.listenAddress(), settings.nativePort())) {
			throw new IllegalStateException("Port " + settings.listenAddress() + ":" + settings.nativePort()
					+ " is already in use; is another Cassandra running?");
		}
		CassandraLaunch.writeConfig(settings);
		long started = System.nanoTime();
		ForkedJvm process = launcher.start();
		jvm = process;
		try {
			String user = settings.passwordAuth() ? SUPERUSER : null;
			process.await("CQL session on " + contactPoint(), settings.startupTimeout(),
					() -> CqlProbe.sessionWorks(contactPoint(), user, SUPERUSER_PASSWORD));
		}
		catch (RuntimeException e) {
			process.kill();
			throw e;
		}
		LOG.log(Level.INFO, "Cassandra node {0}:{1} started in {2} ms (data {3})", host(), String.valueOf(nativePort()),
				String.valueOf((System.nanoTime() - started) / 1_000_000), settings.dataDir());
		return this;
	}

	/**
	 * @return the process id of the node's JVM, -1 when it is not running
	 */
	public long pid() {
		ForkedJvm process = this.jvm;
		return (process != null) ? process.pid() : -1;
	}

	/**
	 * @return the address the node listens on, e.g. {@code 127.0.0.1}
	 */
	public String host() {
		return settings.listenAddress();
	}

	/**
	 * @return the CQL native transport port
	 */
	public int nativePort() {
		return settings.nativePort();
	}

	/**
	 * @return the inter-node storage port
	 */
	public int storagePort() {
		return settings.storagePort();
	}

	/**
	 * @return the node's data center, {@value #LOCAL_DATACENTER}
	 */
	public String localDatacenter() {
		return LOCAL_DATACENTER;
	}

	/**
	 * @return host and native port, for a driver's contact points
	 */
	public InetSocketAddress contactPoint() {
		return new InetSocketAddress(host(), nativePort());
	}

	/**
	 * @return the node's data directory
	 */
	public Path dataDir() {
		return settings.dataDir();
	}

	/**
	 * @return the file the node's output is appended to
	 */
	public Path logFile() {
		return settings.logFile();
	}

	/**
	 * Stops the node gracefully (SIGTERM: Cassandra drains and flushes); it can be
	 * started again.
	 */
	public synchronized void stop() {
		ForkedJvm process = jvm;
		if (process != null) {
			process.stop(Duration.ofSeconds(60));
		}
	}

	/**
	 * Kills the node with SIGKILL, as a crash would; it can be started again (commit log
	 * replay).
	 */
	public synchronized void kill() {
		ForkedJvm process = jvm;
		if (process != null) {
			process.kill();
		}
	}

	/**
	 * @return whether the node's JVM is running (it may still be starting)
	 */
	public boolean isRunning() {
		ForkedJvm process = jvm;
		return process != null && process.isAlive();
	}

	/**
	 * Stops the node and deletes its data directory if it was a temporary one.
	 * Idempotent.
	 */
	@Override
	public synchronized void close() {
		if (closed) {
			return;
		}
		closed = true;
		stop();
		if (settings.tempDataDir()) {
			Directories.deleteRecursively(settings.dataDir());
		}
	}

	/** Blocks until the node's JVM exits (foreground mode). */
	int awaitExit() throws InterruptedException {
		ForkedJvm process = jvm;
		return process == null ? -1 : process.waitFor();
	}

	@Override
	public String toString() {
		return "CassandraNode[" + host() + ":" + nativePort() + (isRunning() ? ", running]" : "]");
	}

	/**
	 * Settings of a {@link CassandraNode}; every setting has a default suitable for
	 * tests.
	 */
	public static final class Builder {

		int nativePort;

		int storagePort;

		String listenAddress = "127.0.0.1";

		Path dataDir;

		String heap = "1g";

		String clusterName = "sponge-test";

		boolean passwordAuth;

		String seeds;

		Path logFile;

		Duration startupTimeout = Duration.ofMinutes(2);

		int concurrency;

		boolean syncCommitLog;

		private Builder() {
		}

		/**
		 * @param sync whether a write is acknowledged only once its commit log entry is
		 * on disk ({@code commitlog_sync: group}, 15 ms window); default false:
		 * Cassandra's {@code periodic} mode, which acknowledges at once and syncs every
		 * 10 s, so a killed node loses up to 10 s of acknowledged writes (replayed only
		 * up to the last sync)
		 * @return this builder
		 */
		public Builder syncCommitLog(boolean sync) {
			this.syncCommitLog = sync;
			return this;
		}

		/**
		 * @param threads size of the node's read and write stages; 0 (default) keeps
		 * Cassandra's 32. Several nodes on one small machine start faster and use less
		 * memory with fewer threads.
		 * @return this builder
		 */
		public Builder concurrency(int threads) {
			this.concurrency = threads;
			return this;
		}

		/**
		 * @param port CQL port; 0 (default) picks a free one
		 * @return this builder
		 */
		public Builder nativePort(int port) {
			this.nativePort = port;
			return this;
		}

		/**
		 * @param port inter-node port; 0 (default) picks a free one
		 * @return this builder
		 */
		public Builder storagePort(int port) {
			this.storagePort = port;
			return this;
		}

		/**
		 * @param address listen and RPC address, default {@code 127.0.0.1}
		 * @return this builder
		 */
		public Builder listenAddress(String address) {
			this.listenAddress = address;
			return this;
		}

		/**
		 * @param dir data directory, kept on close; default a fresh temp dir deleted on
		 * close
		 * @return this builder
		 */
		public Builder dataDir(Path dir) {
			this.dataDir = dir;
			return this;
		}

		/**
		 * @param size JVM heap, e.g. {@code 1g} (default)
		 * @return this builder
		 */
		public Builder heap(String size) {
			this.heap = size;
			return this;
		}

		/**
		 * @param name cluster name, default {@code sponge-test}
		 * @return this builder
		 */
		public Builder clusterName(String name) {
			this.clusterName = name;
			return this;
		}

		/**
		 * @param passwordAuth PasswordAuthenticator + CassandraAuthorizer instead of
		 * allow-all (default)
		 * @return this builder
		 */
		public Builder authenticator(boolean passwordAuth) {
			this.passwordAuth = passwordAuth;
			return this;
		}

		/**
		 * @param seedList comma separated {@code host[:port]} seeds; default this node
		 * @return this builder
		 */
		public Builder seeds(String seedList) {
			this.seeds = seedList;
			return this;
		}

		/**
		 * @param file where the node's output goes; default {@code <dataDir>.log} beside
		 * the data dir
		 * @return this builder
		 */
		public Builder logFile(Path file) {
			this.logFile = file;
			return this;
		}

		/**
		 * @param timeout how long {@link CassandraNode#start()} waits for CQL, default 2
		 * minutes
		 * @return this builder
		 */
		public Builder startupTimeout(Duration timeout) {
			this.startupTimeout = timeout;
			return this;
		}

		/**
		 * @return a node that is not started yet; free ports and the temp data dir are
		 * resolved now
		 */
		public CassandraNode build() {
			CassandraLaunch.libDir(); // fail before creating any directory if the jars
										// are missing
			return new CassandraNode(NodeSettings.resolve(this));
		}

	}

}
