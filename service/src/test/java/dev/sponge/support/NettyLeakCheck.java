package dev.sponge.support;

import java.time.Duration;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a leaked buffer by the end of it: after the
 * class's last test, garbage is collected and every detector asked for its reports
 * ({@link NettyLeaks#collect}). Registered for every test class of this module through
 * {@code META-INF/services} (autodetection is on in {@code junit-platform.properties}).
 * <p>
 * A leak is found once its buffer is unreachable, so it fails the class it happened in,
 * or, when a connection still held the buffer then, a later one; the failure carries
 * Netty's records of where the buffer was created and last touched.
 */
public final class NettyLeakCheck implements AfterAllCallback {

	/** Most leaks spelled out in one failure; the rest are counted. */
	private static final int SHOWN = 3;

	static {
		NettyLeaks.install();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		assertNoLeak("the end of " + context.getDisplayName());
	}

	/**
	 * Fails if Netty reports a leaked buffer now (after collecting garbage) that no
	 * earlier check has taken: for a test that asserts its own paths release everything.
	 * @param when when the check runs, for the failure message
	 */
	public static void assertNoLeak(String when) {
		if (ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.DISABLED) {
			return;
		}
		// Creates Netty's ByteBuf detector if nothing has allocated a buffer yet.
		Unpooled.buffer(1).release();
		NettyLeaks.requireWatching(ByteBuf.class);
		NettyLeaks.collect(Duration.ofSeconds(10));
		List<String> leaks = NettyLeaks.takeReported();
		if (!leaks.isEmpty()) {
			StringBuilder message = new StringBuilder().append("Netty reported ")
				.append(leaks.size())
				.append(" leak(s) by ")
				.append(when)
				.append(": every buffer must be released exactly once (docs/operations.md, Leak detection)");
			leaks.stream().limit(SHOWN).forEach((leak) -> message.append("\n\n").append(leak));
			if (leaks.size() > SHOWN) {
				message.append("\n\n... and ").append(leaks.size() - SHOWN).append(" more (see the log)");
			}
			throw new AssertionError(message.toString());
		}
	}

}
