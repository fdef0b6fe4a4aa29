package dev.sponge.forkedjvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkedJvmTest {

	private static final Pattern CHILD_PID = Pattern.compile("child-pid=(\\d+)");

	@TempDir
	Path dir;

	private ForkedJvm jvm;

	@AfterEach
	void cleanUp() {
		if (jvm != null) {
			jvm.kill();
		}
	}

	@Test
	void startsChildWithArgsEnvAndLogFileAndStopsItGracefully() {
		int port = Ports.freePort();
		jvm = sleeper(String.valueOf(port)).env("SLEEPER_ENV", "hello")
			.start()
			.awaitPort("127.0.0.1", port, Duration.ofSeconds(30));

		assertThat(jvm.isAlive()).isTrue();
		assertThat(jvm.pid()).isPositive().isNotEqualTo(ProcessHandle.current().pid());
		assertThat(jvm.logTail(10)).contains("env=hello", "args=" + port);

		jvm.stop();

		assertThat(jvm.isAlive()).isFalse();
		assertThat(jvm.exitCode()).isEqualTo(143); // SIGTERM: shutdown hooks ran
		assertThat(Ports.isOpen("127.0.0.1", port)).isFalse();
	}

	@Test
	void killTerminatesTheChildAtOnce() {
		int port = Ports.freePort();
		jvm = sleeper(String.valueOf(port)).start().awaitPort("127.0.0.1", port, Duration.ofSeconds(30));

		jvm.kill();

		assertThat(jvm.isAlive()).isFalse();
		assertThat(jvm.exitCode()).isEqualTo(137);
	}

	@Test
	void builderIsReusableForRestarts() {
		int port = Ports.freePort();
		ForkedJvmBuilder builder = sleeper(String.valueOf(port));
		builder.start().awaitPort("127.0.0.1", port, Duration.ofSeconds(30)).kill();

		jvm = builder.start().awaitPort("127.0.0.1", port, Duration.ofSeconds(30));

		assertThat(jvm.logTail(100).split("=== ")).hasSize(3); // one header per start
	}

	@Test
	void waitingFailsWithTheLogTailWhenTheChildDies() {
		jvm = sleeper("fail").start();

		assertThatThrownBy(() -> jvm.awaitPort("127.0.0.1", Ports.freePort(), Duration.ofSeconds(30)))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("exited with code 3")
			.hasMessageContaining("failing on purpose");
	}

	@Test
	void waitingFailsAtTheDeadline() {
		int port = Ports.freePort();
		jvm = sleeper(String.valueOf(port)).start();

		assertThatThrownBy(() -> jvm.await("never", Duration.ofMillis(300), () -> false))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("did not reach 'never'");
	}

	@Test
	void freePortsAreDistinct() {
		assertThat(List.of(Ports.freePort(), Ports.freePort(), Ports.freePort())).doesNotHaveDuplicates();
	}

	@Test
	void grandchildIsStoppedByTheShutdownHookWhenItsParentExits() throws IOException {
		jvm = parent("exit").start();

		long grandchild = grandchildPid();
		await().atMost(Duration.ofSeconds(30)).until(() -> !jvm.isAlive());

		await().atMost(Duration.ofSeconds(30))
			.until(() -> ProcessHandle.of(grandchild).isEmpty() || !ProcessHandle.of(grandchild).get().isAlive());
	}

	@Test
	void grandchildExitsByItselfWhenItsParentIsKilled() throws IOException {
		jvm = parent("hang").start();
		long grandchild = grandchildPid();

		// SIGKILL the parent alone (ForkedJvm.kill() would take the grandchild down too):
		// no hook runs.
		ProcessHandle.of(jvm.pid()).orElseThrow().destroyForcibly();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> ProcessHandle.of(grandchild).isEmpty() || !ProcessHandle.of(grandchild).get().isAlive());
	}

	private long grandchildPid() {
		return await().atMost(Duration.ofSeconds(60)).until(() -> {
			Matcher m = CHILD_PID.matcher(jvm.logTail(50));
			return m.find() ? Long.parseLong(m.group(1)) : null;
		}, pid -> pid != null);
	}

	private ForkedJvmBuilder sleeper(String arg) {
		return ForkedJvm.builder(SleeperMain.class.getName())
			.classpath(ownClasspath())
			.logFile(dir.resolve("sleeper.log"))
			.jvmOptions("-Xmx32m")
			.args(arg);
	}

	private ForkedJvmBuilder parent(String mode) throws IOException {
		Files.createDirectories(dir);
		return ForkedJvm.builder(ParentMain.class.getName())
			.classpath(ownClasspath())
			.logFile(dir.resolve("parent.log"))
			.jvmOptions("-Xmx64m")
			.args(String.valueOf(Ports.freePort()), dir.resolve("grandchild.log").toString(), mode);
	}

	/** The test classes and the library classes, enough for the fixtures. */
	static List<Path> ownClasspath() {
		return List.of(location(SleeperMain.class), location(ForkedJvm.class));
	}

	private static Path location(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

}
