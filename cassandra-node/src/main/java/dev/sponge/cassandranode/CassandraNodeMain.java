package dev.sponge.cassandranode;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Local mode: runs a Cassandra node in the foreground until Ctrl-C, keeping its data
 * between runs.
 *
 * <p>
 * Options (as {@code --name value}, {@code --name=value} or system property
 * {@code -Dname=value}): {@code --native-port} (default 9042), {@code --storage-port} (0
 * = a free one), {@code --data-dir} ({@code ./local-data/cassandra}), {@code --heap}
 * (1g). Run from the repository root with
 * {@code ./mvnw -q -pl cassandra-node -am install -DskipTests} once, then
 * {@code ./mvnw -q -pl cassandra-node exec:java -Dexec.mainClass=dev.sponge.cassandranode.CassandraNodeMain}
 * (relative paths resolve against the directory Maven was started in), or with plain
 * {@code java -cp
 * cassandra-node/target/classes:forked-jvm/target/classes dev.sponge.cassandranode.CassandraNodeMain}.
 */
public final class CassandraNodeMain {

	private static final System.Logger LOG = System.getLogger(CassandraNodeMain.class.getName());

	private CassandraNodeMain() {
	}

	/**
	 * @param args options, see the class documentation
	 * @throws InterruptedException if interrupted while the node runs
	 */
	public static void main(String[] args) throws InterruptedException {
		Map<String, String> options = parse(args);
		CassandraNode node = CassandraNode.builder()
			.nativePort(Integer.parseInt(option(options, "native-port", "9042")))
			.storagePort(Integer.parseInt(option(options, "storage-port", "0")))
			.dataDir(Path.of(option(options, "data-dir", "local-data/cassandra")))
			.heap(option(options, "heap", "1g"))
			.clusterName("sponge-local")
			.build();
		// Ctrl-C: this JVM's hook stops the node gracefully (the node itself also gets
		// the SIGINT).
		Runtime.getRuntime().addShutdownHook(new Thread(node::close, "cassandra-node-main-close"));
		LOG.log(Level.INFO, "Starting Cassandra in {0}, log {1}", node.dataDir(), node.logFile());
		node.start();
		LOG.log(Level.INFO, "Cassandra ready on {0}:{1} (Ctrl-C to stop)", node.host(),
				String.valueOf(node.nativePort()));
		int exitCode = node.awaitExit();
		LOG.log(Level.INFO, "Cassandra exited with code {0}", String.valueOf(exitCode));
	}

	private static String option(Map<String, String> options, String name, String defaultValue) {
		return options.getOrDefault(name, System.getProperty(name, defaultValue));
	}

	private static Map<String, String> parse(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("Unexpected argument " + args[i]);
			}
			String arg = args[i].substring(2);
			int eq = arg.indexOf('=');
			if (eq >= 0) {
				options.put(arg.substring(0, eq), arg.substring(eq + 1));
			}
			else if (i + 1 < args.length) {
				options.put(arg, args[++i]);
			}
			else {
				throw new IllegalArgumentException("Missing value for --" + arg);
			}
		}
		return options;
	}

}
