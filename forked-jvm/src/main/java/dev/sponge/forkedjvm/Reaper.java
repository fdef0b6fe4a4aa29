package dev.sponge.forkedjvm;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tracks live children and terminates them (with their descendants) when this JVM shuts
 * down.
 */
final class Reaper {

	/** Cassandra drains memtables on SIGTERM; give it that long before SIGKILL. */
	private static final Duration GRACE = Duration.ofSeconds(15);

	private static final System.Logger LOG = System.getLogger(Reaper.class.getName());

	private static final Set<ForkedJvm> LIVE = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(Reaper::reapAll, "forked-jvm-reaper"));
	}

	/** Starts a process the way {@code starter} says and tracks it until it exits. */
	interface Starter {

		Process start() throws IOException;

	}

	private Reaper() {
	}

	static ForkedJvm register(String name, Starter starter, Path logFile) throws IOException {
		// Starting under the lock the hook takes means the hook sees every child that got
		// a pid.
		synchronized (LIVE) {
			ForkedJvm jvm = new ForkedJvm(name, starter.start(), logFile);
			LIVE.add(jvm);
			jvm.process().onExit().thenRun(() -> LIVE.remove(jvm));
			return jvm;
		}
	}

	private static void reapAll() {
		List<ProcessHandle> family = new ArrayList<>();
		synchronized (LIVE) {
			for (ForkedJvm jvm : LIVE) {
				LOG.log(Level.INFO, "JVM exiting: stopping {0}", jvm);
				family.add(jvm.process().toHandle());
				jvm.process().descendants().forEach(family::add);
			}
		}
		if (family.isEmpty()) {
			return;
		}
		family.forEach(ProcessHandle::destroy);
		if (!ForkedJvm.awaitExit(family, GRACE)) {
			family.forEach(ProcessHandle::destroyForcibly);
			ForkedJvm.awaitExit(family, Duration.ofSeconds(5));
		}
	}

}
