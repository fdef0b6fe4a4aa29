package dev.sponge.cassandranode;

import dev.sponge.forkedjvm.ForkedJvm;
import dev.sponge.forkedjvm.LibraryDirectory;
import dev.sponge.forkedjvm.ForkedJvmBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Writes a node's configuration files and describes the Cassandra JVM that runs it. */
final class CassandraLaunch {

	/** System property that overrides where the Cassandra jars are. */
	static final String LIB_DIR_PROPERTY = "sponge.cassandra-node.lib-dir";

	private static final String LIB_DIR_RESOURCE = "cassandra-lib.path";

	private static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";

	/**
	 * JPMS flags of Cassandra 5.0's conf/jvm17-server.options (plus sun.nio.fs and
	 * jdk.naming.dns).
	 */
	private static final List<String> JPMS = List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
			"--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports",
			"java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports",
			"java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED", "--add-exports",
			"java.rmi/sun.rmi.registry=ALL-UNNAMED", "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
			"--add-exports", "java.sql/java.sql=ALL-UNNAMED", "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
			"--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED", "--add-exports",
			"jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED", "--add-opens",
			"java.base/java.lang.module=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
			"--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens",
			"java.base/jdk.internal.reflect=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
			"--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED", "--add-opens",
			"java.base/jdk.internal.util.jar=ALL-UNNAMED", "--add-opens",
			"jdk.management/com.sun.management.internal=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
			"--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED", "--add-opens", "java.base/java.io=ALL-UNNAMED",
			"--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens",
			"java.base/java.util.concurrent=ALL-UNNAMED", "--add-opens", "java.base/java.util=ALL-UNNAMED",
			"--add-opens", "java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens",
			"java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.math=ALL-UNNAMED", "--add-opens",
			"java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens", "jdk.naming.dns/com.sun.jndi.dns=ALL-UNNAMED");

	private CassandraLaunch() {
	}

	/**
	 * @return the directory holding cassandra-all and its dependencies, copied there at
	 * build time
	 */
	static Path libDir() {
		return LibraryDirectory.of(CassandraLaunch.class, LIB_DIR_RESOURCE, LIB_DIR_PROPERTY,
				"./mvnw -pl cassandra-node -am compile");
	}

	/** Creates the node's directories and (re)writes cassandra.yaml and logback.xml. */
	static void writeConfig(NodeSettings s) {
		try {
			for (String dir : List.of("conf", "data", "commitlog", "saved_caches", "hints", "cdc_raw", "logs",
					"triggers")) {
				Files.createDirectories(s.dataDir().resolve(dir));
			}
			Files.writeString(s.confDir().resolve("cassandra.yaml"), CassandraYaml.render(s));
			Files.writeString(s.confDir().resolve("logback.xml"), CassandraYaml.logback());
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot write the configuration of " + s.dataDir(), e);
		}
	}

	/**
	 * @return a builder for the Cassandra JVM of this node
	 */
	static ForkedJvmBuilder jvm(NodeSettings s) {
		Path lib = libDir();
		Path conf = s.confDir().toAbsolutePath();
		List<String> options = new ArrayList<>(List.of("-Xms" + s.heap(), "-Xmx" + s.heap(), "-Xss256k", "-XX:+UseG1GC",
				"-XX:+ParallelRefProcEnabled", "-XX:MaxGCPauseMillis=300", "-XX:+PerfDisableSharedMem",
				"-XX:+ExitOnOutOfMemoryError",
				// Cassandra runs with assertions on upstream (jvm-server.options), except
				// in Chronicle.
				"-ea", "-da:net.openhft...", "-Djava.net.preferIPv4Stack=true", "-Djdk.attach.allowAttachSelf=true",
				"-Djava.security.manager=allow", // UDF sandbox; required from Java 18 on
				"-Dio.netty.tryReflectionSetAccessible=true", "-Dio.netty.allocator.useCacheForAllThreads=true",
				"-Dio.netty.allocator.maxOrder=11", "-Dcassandra.config=" + conf.resolve("cassandra.yaml").toUri(),
				"-Dlogback.configurationFile=" + conf.resolve("logback.xml"), "-Dcassandra-foreground=yes",
				"-Dcassandra.storagedir=" + s.dataDir().toAbsolutePath(),
				"-Dcassandra.logdir=" + s.dataDir().toAbsolutePath().resolve("logs"),
				"-Dcassandra.triggers_dir=" + s.dataDir().toAbsolutePath().resolve("triggers"),
				// A single local node: no gossip settling, no ring delay, default
				// superuser right away.
				"-Dcassandra.skip_wait_for_gossip_to_settle=0", "-Dcassandra.ring_delay_ms=1000",
				"-Dcassandra.superuser_setup_delay_ms=0"));
		// Upstream's cassandra-env.sh loads jamm as an agent for exact memtable sizing.
		jammJar(lib).ifPresent(jamm -> options.add("-javaagent:" + jamm.toAbsolutePath()));
		options.addAll(JPMS);
		return ForkedJvm.builder(MAIN_CLASS)
			.name("cassandra-" + s.listenAddress() + ":" + s.nativePort())
			.classpathJarsIn(lib)
			.jvmOptions(options)
			.workingDir(s.dataDir())
			.logFile(s.logFile());
	}

	private static Optional<Path> jammJar(Path lib) {
		try (Stream<Path> files = Files.list(lib)) {
			return files.filter(f -> f.getFileName().toString().matches("jamm-.*\\.jar")).findFirst();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
