package dev.sponge.support;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.buffer.ByteBuf;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;

/**
 * Records every leak Netty's detectors report in this JVM, so a test can fail on it
 * rather than leave it in the log. Installed as Netty's leak detector factory before
 * Netty creates its first detector; works at any detection level, and at {@code paranoid}
 * (the test JVMs' level, see {@code service/pom.xml}) each report says where the leaked
 * buffer was created and last touched.
 */
public final class NettyLeaks {

	private static final List<ResourceLeakDetector<?>> detectors = new CopyOnWriteArrayList<>();

	private static final Queue<String> reported = new ConcurrentLinkedQueue<>();

	private static boolean installed;

	private NettyLeaks() {
	}

	/**
	 * Installs the recording factory, once per JVM. Must run before Netty creates the
	 * detector of the resource type to watch (for {@link ByteBuf}: before the first
	 * buffer is allocated); {@link #requireWatching} says whether it did.
	 */
	public static synchronized void install() {
		if (!installed) {
			ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
			installed = true;
		}
	}

	/**
	 * Fails unless leaks of {@code type} are recorded: Netty created that type's detector
	 * before {@link #install()}, and its leaks would only be logged.
	 */
	public static void requireWatching(Class<?> type) {
		boolean watching = detectors.stream().anyMatch((d) -> ((RecordingDetector<?>) d).type == type);
		if (!watching) {
			throw new IllegalStateException("Netty's " + type.getSimpleName()
					+ " leak detector was created before NettyLeaks.install(); leaks would go unnoticed");
		}
	}

	/**
	 * Makes Netty report every leak that garbage collection can find now: collects
	 * garbage, waits until the collected references are queued, then has each detector
	 * poll its queue (which Netty otherwise does only on a later allocation).
	 * @param timeout how long to wait for the collector
	 */
	public static void collect(Duration timeout) {
		// The reference handler queues what one collection found as a batch, so once a
		// collection's sentinel is queued, everything the collection before found is too.
		// Three collections, since a buffer may still be reachable at the first (from a
		// frame or a map that only lets go of it a moment later) and found by the second.
		awaitGarbageCollection(timeout);
		awaitGarbageCollection(timeout);
		awaitGarbageCollection(timeout);
		for (ResourceLeakDetector<?> detector : detectors) {
			poll(detector);
		}
	}

	/** The leaks reported since the last call, each with Netty's records; clears them. */
	public static List<String> takeReported() {
		List<String> taken = new ArrayList<>();
		for (String leak = reported.poll(); leak != null; leak = reported.poll()) {
			taken.add(leak);
		}
		return taken;
	}

	private static void awaitGarbageCollection(Duration timeout) {
		ReferenceQueue<Object> queue = new ReferenceQueue<>();
		WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			Reference<?> collected = null;
			while (collected == null && System.nanoTime() < deadline) {
				System.gc();
				collected = queue.remove(50);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		sentinel.clear();
	}

	@SuppressWarnings("unchecked")
	private static void poll(ResourceLeakDetector<?> detector) {
		// A forced track reports what the detector's reference queue holds, at any level.
		Object probe = new Object();
		ResourceLeakTracker<Object> tracker = ((ResourceLeakDetector<Object>) detector).trackForcibly(probe);
		if (tracker != null) {
			tracker.close(probe);
		}
	}

	private static final class RecordingFactory extends ResourceLeakDetectorFactory {

		@Override
		@SuppressWarnings("deprecation")
		public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
				long maxActive) {
			return newResourceLeakDetector(resource, samplingInterval);
		}

		@Override
		public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
			RecordingDetector<T> detector = new RecordingDetector<>(resource, samplingInterval);
			detectors.add(detector);
			return detector;
		}

	}

	/** Netty's own detector, which also records what it reports. */
	private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {

		private final Class<?> type;

		RecordingDetector(Class<?> type, int samplingInterval) {
			super(type, samplingInterval);
			this.type = type;
		}

		@Override
		protected boolean needReport() {
			// Netty skips reporting when its logger is off; the tests must see every
			// leak.
			return true;
		}

		@Override
		protected void reportTracedLeak(String resourceType, String records) {
			super.reportTracedLeak(resourceType, records);
			reported.add("LEAK of a " + resourceType + ": release() was not called before it was garbage-collected."
					+ records);
		}

		@Override
		protected void reportUntracedLeak(String resourceType) {
			super.reportUntracedLeak(resourceType);
			reported.add("LEAK of a " + resourceType
					+ " (not traced: run with -Dio.netty.leakDetection.level=paranoid to see where)");
		}

	}

}
