package dev.sponge.forkedjvm;

import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Entry point that runs inside a child JVM: exits the child once the parent JVM is gone,
 * then hands over to the real main class given as first argument.
 *
 * <p>
 * The parent's shutdown hook covers normal exits; this covers a parent that was SIGKILLed
 * (a killed Surefire fork, an IDE stop button), which would otherwise leave orphans
 * holding ports. Usage:
 * {@code java -Dsponge.forked-jvm.parent-pid=PID dev.sponge.forkedjvm.ParentWatchdog MainClass args...}
 */
public final class ParentWatchdog {

	/** System property holding the pid of the JVM to watch. */
	public static final String PARENT_PID_PROPERTY = "sponge.forked-jvm.parent-pid";

	private static final System.Logger LOG = System.getLogger(ParentWatchdog.class.getName());

	private ParentWatchdog() {
	}

	/**
	 * Starts watching the parent, then runs {@code args[0]}'s main with the remaining
	 * arguments.
	 * @param args the real main class followed by its arguments
	 * @throws Throwable whatever the real main throws
	 */
	public static void main(String[] args) throws Throwable {
		if (args.length == 0) {
			throw new IllegalArgumentException("Usage: ParentWatchdog <main class> [args...]");
		}
		String parentPid = System.getProperty(PARENT_PID_PROPERTY);
		if (parentPid != null) {
			Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(parentPid));
			parent.ifPresentOrElse(p -> p.onExit().thenRun(() -> parentGone(parentPid)), () -> parentGone(parentPid));
		}
		Method main = Class.forName(args[0], true, ClassLoader.getSystemClassLoader())
			.getMethod("main", String[].class);
		try {
			main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
		}
		catch (InvocationTargetException e) {
			throw e.getCause();
		}
	}

	private static void parentGone(String parentPid) {
		LOG.log(Level.WARNING, "Parent JVM (pid {0}) is gone; exiting", parentPid);
		// Shutdown hooks (e.g. Cassandra's drain) get a bounded time, then the JVM is
		// halted.
		Thread halter = new Thread(() -> {
			LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(20));
			Runtime.getRuntime().halt(137);
		}, "parent-watchdog-halt");
		halter.setDaemon(true);
		halter.start();
		System.exit(143);
	}

}
