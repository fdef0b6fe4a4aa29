package dev.sponge.forkedjvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Describes a child JVM: classpath, main class, JVM options, program arguments,
 * environment, working directory and log file. Reusable: each {@link #start()} forks a
 * new process from the current settings (handy for restarts).
 */
public final class ForkedJvmBuilder {

	private static final System.Logger LOG = System.getLogger(ForkedJvmBuilder.class.getName());

	private final String mainClass;

	private final List<Path> classpath = new ArrayList<>();

	private final List<String> jvmOptions = new ArrayList<>();

	private final List<String> args = new ArrayList<>();

	private final Map<String, String> env = new LinkedHashMap<>();

	private String name;

	private Path workingDir;

	private Path logFile;

	private boolean exitWithParent = true;

	ForkedJvmBuilder(String mainClass) {
		this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
		this.name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
	}

	/**
	 * @param name name used in log messages and failures; defaults to the main class's
	 * simple name
	 * @return this builder
	 */
	public ForkedJvmBuilder name(String name) {
		this.name = Objects.requireNonNull(name, "name");
		return this;
	}

	/**
	 * @param entries jar files or class directories appended to the child's classpath
	 * @return this builder
	 */
	public ForkedJvmBuilder classpath(Collection<Path> entries) {
		entries.forEach(entry -> classpath.add(entry.toAbsolutePath()));
		return this;
	}

	/**
	 * @param entries jar files or class directories appended to the child's classpath
	 * @return this builder
	 */
	public ForkedJvmBuilder classpath(Path... entries) {
		return classpath(List.of(entries));
	}

	/**
	 * Appends every {@code *.jar} directly inside {@code dir} to the classpath, in name
	 * order.
	 * @param dir directory holding the jars
	 * @return this builder
	 * @throws IllegalArgumentException if the directory does not exist or holds no jar
	 */
	public ForkedJvmBuilder classpathJarsIn(Path dir) {
		if (!Files.isDirectory(dir)) {
			throw new IllegalArgumentException("Classpath directory " + dir.toAbsolutePath() + " does not exist");
		}
		try (Stream<Path> files = Files.list(dir)) {
			List<Path> jars = files.filter(f -> f.getFileName().toString().endsWith(".jar"))
				.sorted()
				.collect(Collectors.toList());
			if (jars.isEmpty()) {
				throw new IllegalArgumentException("No jar in classpath directory " + dir.toAbsolutePath());
			}
			return classpath(jars);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * @param options JVM options such as {@code -Xmx1g} or {@code -Dkey=value}
	 * @return this builder
	 */
	public ForkedJvmBuilder jvmOptions(Collection<String> options) {
		jvmOptions.addAll(options);
		return this;
	}

	/**
	 * @param options JVM options such as {@code -Xmx1g} or {@code -Dkey=value}
	 * @return this builder
	 */
	public ForkedJvmBuilder jvmOptions(String... options) {
		return jvmOptions(List.of(options));
	}

	/**
	 * @param arguments program arguments passed to {@code main}
	 * @return this builder
	 */
	public ForkedJvmBuilder args(String... arguments) {
		args.addAll(List.of(arguments));
		return this;
	}

	/**
	 * Sets an environment variable of the child (the rest of this JVM's environment is
	 * inherited).
	 * @param key variable name
	 * @param value variable value
	 * @return this builder
	 */
	public ForkedJvmBuilder env(String key, String value) {
		env.put(key, value);
		return this;
	}

	/**
	 * @param dir working directory of the child; defaults to this JVM's
	 * @return this builder
	 */
	public ForkedJvmBuilder workingDir(Path dir) {
		this.workingDir = dir;
		return this;
	}

	/**
	 * @param file file the child's stdout and stderr are appended to; defaults to a temp
	 * file
	 * @return this builder
	 */
	public ForkedJvmBuilder logFile(Path file) {
		this.logFile = file;
		return this;
	}

	/**
	 * @param exit whether the child exits by itself once this JVM is gone, even if this
	 * JVM was SIGKILLed and could not run its shutdown hook (default true; adds this
	 * library to the child's classpath and wraps the main class in
	 * {@link ParentWatchdog})
	 * @return this builder
	 */
	public ForkedJvmBuilder exitWithParent(boolean exit) {
		this.exitWithParent = exit;
		return this;
	}

	/**
	 * @return the full command line {@link #start()} runs
	 */
	public List<String> command() {
		List<Path> cp = new ArrayList<>(classpath);
		List<String> command = new ArrayList<>();
		command.add(javaBinary());
		command.addAll(jvmOptions);
		if (exitWithParent) {
			cp.add(ownCodeLocation());
			command.add("-D" + ParentWatchdog.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
		}
		if (!cp.isEmpty()) {
			command.add("-cp");
			command.add(cp.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
		}
		if (exitWithParent) {
			command.add(ParentWatchdog.class.getName());
		}
		command.add(mainClass);
		command.addAll(args);
		return command;
	}

	/**
	 * Forks the child JVM. Does not wait for it to be ready; use {@link ForkedJvm#await}
	 * or {@link ForkedJvm#awaitPort} for that.
	 * @return the running child
	 */
	public ForkedJvm start() {
		List<String> command = command();
		Path log = logFile != null ? logFile.toAbsolutePath() : tempLogFile();
		ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		pb.environment().putAll(env);
		if (workingDir != null) {
			pb.directory(workingDir.toFile());
		}
		try {
			Files.createDirectories(log.getParent());
			// A header per start keeps restarts apart when several runs share one log
			// file.
			Files.writeString(log,
					"=== " + Instant.now() + " starting " + name + ": " + String.join(" ", command)
							+ System.lineSeparator(),
					StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			ForkedJvm jvm = Reaper.register(name, () -> pb.start(), log);
			LOG.log(Level.DEBUG, "Started {0} (pid {1}), log {2}", name, String.valueOf(jvm.pid()), log);
			return jvm;
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not start " + name, e);
		}
	}

	private Path tempLogFile() {
		try {
			return Files.createTempFile(name + "-", ".log");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static String javaBinary() {
		// Same JVM as ours: java.home is always set; ProcessHandle info is the fallback.
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		if (Files.isExecutable(java)) {
			return java.toString();
		}
		return ProcessHandle.current().info().command().orElse("java");
	}

	private static Path ownCodeLocation() {
		try {
			return Path.of(ForkedJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException | RuntimeException e) {
			throw new IllegalStateException("Cannot locate the sponge-forked-jvm classes for the child watchdog", e);
		}
	}

}
