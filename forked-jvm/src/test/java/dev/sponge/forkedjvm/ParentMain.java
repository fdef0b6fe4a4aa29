package dev.sponge.forkedjvm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Child-side fixture that forks a grandchild ({@link SleeperMain}), prints its pid, then
 * either exits normally ({@code exit}, grandchild without watchdog so only the shutdown
 * hook can stop it) or blocks until killed ({@code hang}, grandchild with watchdog).
 */
public final class ParentMain {

	private ParentMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		int port = Integer.parseInt(args[0]);
		ForkedJvm child = ForkedJvm.builder(SleeperMain.class.getName())
			.classpath(ForkedJvmTest.ownClasspath())
			.logFile(Path.of(args[1]))
			.args(String.valueOf(port))
			.exitWithParent(!args[2].equals("exit"))
			.start()
			.awaitPort("127.0.0.1", port, Duration.ofSeconds(30));
		System.out.println("child-pid=" + child.pid());
		if (args[2].equals("exit")) {
			System.exit(0);
		}
		new CountDownLatch(1).await();
	}

}
