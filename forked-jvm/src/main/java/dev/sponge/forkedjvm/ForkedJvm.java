package dev.sponge.forkedjvm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A running child JVM started by {@link ForkedJvmBuilder}.
 *
 * <p>
 * The child's stdout and stderr go to a log file. Every child is registered with a JVM
 * shutdown hook that terminates it (and its descendants) when this JVM exits; by default
 * the child additionally runs a {@link ParentWatchdog} that exits it when this JVM dies
 * without running shutdown hooks (SIGKILL). Instances are thread-safe.
 */
public final class ForkedJvm implements AutoCloseable {

	/** How long {@link #stop()} waits for a graceful exit before killing the process. */
	public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

	private static final System.Logger LOG = System.getLogger(ForkedJvm.class.getName());

	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final String name;

	private final Process process;

	private final Path logFile;

	ForkedJvm(String name, Process process, Path logFile) {
		this.name = name;
		this.process = process;
		this.logFile = logFile;
	}

	/**
	 * Starts describing a child JVM that runs {@code mainClass}.
	 * @param mainClass fully qualified name of the class whose {@code main} the child
	 * runs
	 * @return a reusable builder; every {@link ForkedJvmBuilder#start()} forks a new
	 * process
	 */
	public static ForkedJvmBuilder builder(String mainClass) {
		return new ForkedJvmBuilder(mainClass);
	}

	/**
	 * @return the name used in log messages
	 */
	public String name() {
		return name;
	}

	/**
	 * @return the operating system process id of the child
	 */
	public long pid() {
		return process.pid();
	}

	/**
	 * @return whether the child process is still running
	 */
	public boolean isAlive() {
		return process.isAlive();
	}

	/**
	 * @return the file the child's stdout and stderr are appended to
	 */
	public Path logFile() {
		return logFile;
	}

	/**
	 * @return the child's exit code, or -1 while it is still running
	 */
	public int exitCode() {
		return process.isAlive() ? -1 : process.exitValue();
	}

	/**
	 * Blocks until the child exits (for foreground launchers).
	 * @return the child's exit code
	 * @throws InterruptedException if this thread is interrupted while waiting
	 */
	public int waitFor() throws InterruptedException {
		return process.waitFor();
	}

	/**
	 * Stops the child gracefully, waiting at most {@link #DEFAULT_STOP_TIMEOUT} before
	 * killing it.
	 */
	public void stop() {
		stop(DEFAULT_STOP_TIMEOUT);
	}

	/**
	 * Asks the child (and its descendants) to terminate (SIGTERM, so its shutdown hooks
	 * run) and kills whatever is still running after {@code timeout}. Returns once the
	 * child is gone; idempotent.
	 * @param timeout how long to wait for a graceful exit
	 */
	public void stop(Duration timeout) {
		// Snapshot first: once the child is gone its descendants are re-parented and no
		// longer listed.
		List<ProcessHandle> family = family();
		family.forEach(ProcessHandle::destroy);
		if (!awaitExit(family, timeout) || !reaped(Duration.ofSeconds(10))) {
			LOG.log(Level.WARNING, "{0} (pid {1}) did not stop within {2}; killing it", name, String.valueOf(pid()),
					timeout);
			kill(family);
		}
	}

	/**
	 * Kills the child and its descendants immediately (SIGKILL, no shutdown hooks run),
	 * as a crash would. Returns once the processes are gone.
	 */
	public void kill() {
		kill(family());
	}

	/**
	 * Waits until {@code probe} returns true, polling every 100 ms.
	 * @param what description of the awaited state, used in the failure message
	 * @param timeout how long to wait
	 * @param probe check of the awaited state; exceptions it throws count as "not yet"
	 * @return this
	 * @throws IllegalStateException with the tail of the child's log if the child exits
	 * or the deadline passes first
	 */
	public ForkedJvm await(String what, Duration timeout, BooleanSupplier probe) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			if (probeQuietly(probe)) {
				return this;
			}
			if (!process.isAlive()) {
				throw failure(name + " exited with code " + process.exitValue() + " while waiting for " + what);
			}
			if (System.nanoTime() - deadline > 0) {
				throw failure(name + " did not reach '" + what + "' within " + timeout);
			}
			LockSupport.parkNanos(POLL_NANOS);
		}
	}

	/**
	 * Waits until {@code host:port} accepts TCP connections.
	 * @param host host name or address to connect to
	 * @param port TCP port
	 * @param timeout how long to wait
	 * @return this
	 * @throws IllegalStateException if the child exits or the deadline passes first
	 */
	public ForkedJvm awaitPort(String host, int port, Duration timeout) {
		return await("port " + host + ":" + port + " accepting connections", timeout, () -> Ports.isOpen(host, port));
	}

	/**
	 * Returns the last lines of the child's log file.
	 * @param maxLines maximum number of lines
	 * @return the lines joined with newlines; empty if there is no log yet
	 */
	public String logTail(int maxLines) {
		return tail(logFile, maxLines);
	}

	/** Same as {@link #stop()}. */
	@Override
	public void close() {
		stop();
	}

	@Override
	public String toString() {
		return name + "[pid " + pid() + (isAlive() ? ", running]" : ", exited]");
	}

	Process process() {
		return process;
	}

	private List<ProcessHandle> family() {
		List<ProcessHandle> family = new ArrayList<>();
		family.add(process.toHandle());
		process.descendants().forEach(family::add);
		return family;
	}

	private void kill(List<ProcessHandle> family) {
		family.forEach(ProcessHandle::destroyForcibly);
		if (!awaitExit(family, Duration.ofSeconds(30)) || !reaped(Duration.ofSeconds(10))) {
			// Only an unreaped zombie grandchild can get here; nothing more can be done
			// about it.
			LOG.log(Level.WARNING, "{0} (pid {1}) or a descendant still listed 30 s after SIGKILL", name,
					String.valueOf(pid()));
		}
	}

	/**
	 * Waits for the JDK to reap our child, so {@link #isAlive()} and {@link #exitCode()}
	 * agree with the OS.
	 */
	private boolean reaped(Duration timeout) {
		try {
			return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			LockSupport.parkNanos(POLL_NANOS);
		}
		return true;
	}

	private static boolean probeQuietly(BooleanSupplier probe) {
		try {
			return probe.getAsBoolean();
		}
		catch (RuntimeException e) {
			return false;
		}
	}

	private IllegalStateException failure(String message) {
		return new IllegalStateException(message + "; log " + logFile + " ends with:\n" + logTail(40));
	}

	static String tail(Path file, int maxLines) {
		if (!Files.isRegularFile(file)) {
			return "";
		}
		// Only the end of the file matters and Cassandra logs can get large: read the
		// last 64 KiB.
		try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
			long start = Math.max(0, raf.length() - 64 * 1024);
			byte[] bytes = new byte[(int) (raf.length() - start)];
			raf.seek(start);
			raf.readFully(bytes);
			List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
			return String.join("\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
