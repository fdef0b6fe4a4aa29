package dev.sponge.support;

import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * The leak check itself: test classes (doubles, run through the JUnit engine with this
 * module's configuration, as the build runs every test class) that leak a buffer fail,
 * those that release theirs pass.
 */
class NettyLeakCheckTest {

	/** Makes each deliberate leak's records unique: Netty reports identical ones once. */
	private static String leakHint;

	@Test
	void aTestClassThatLeaksABufferFailsWithWhereTheBufferWasLastTouched() {
		leakHint = "deliberate leak " + UUID.randomUUID();
		// Netty's own leak log is off: in the build log a leak report means a real leak,
		// and the check must not depend on that log.
		Logger nettyLeakLog = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
		Level level = nettyLeakLog.getLevel();
		nettyLeakLog.setLevel(Level.OFF);
		EngineExecutionResults results;
		try {
			results = run(LeakingDouble.class);
		}
		finally {
			nettyLeakLog.setLevel(level);
		}

		// The test passes; its class fails once the leak is found, as the build would.
		results.testEvents().assertStatistics((stats) -> stats.succeeded(1).failed(0));
		results.containerEvents()
			.assertThatEvents()
			.haveExactly(1,
					event(container(LeakingDouble.class),
							finishedWithFailure(instanceOf(AssertionError.class),
									message((text) -> text.startsWith("Netty reported 1 leak(s) by the end of")
											&& text.contains(leakHint) && text.contains("Created at:")))));
		assertThat(NettyLeaks.takeReported()).as("the check took the leak it failed on").isEmpty();
	}

	@Test
	void aTestClassThatReleasesEachBufferOncePasses() {
		EngineExecutionResults results = run(ReleasingDouble.class);

		results.testEvents().assertStatistics((stats) -> stats.succeeded(1).failed(0));
		results.containerEvents()
			.assertThatEvents()
			.haveExactly(1, event(container(ReleasingDouble.class), finishedSuccessfully()));
	}

	private static EngineExecutionResults run(Class<?> testClass) {
		// With this module's junit-platform.properties, as the build runs every test
		// class.
		return EngineTestKit.engine("junit-jupiter")
			.enableImplicitConfigurationParameters(true)
			.selectors(selectClass(testClass))
			.execute();
	}

	/**
	 * Unpooled, so the dropped buffer is unreachable once the test returns: the shared
	 * allocator's caches may hold a pooled one a while longer, and then its leak is found
	 * by a later check (as documented), which this test would read as a missed leak.
	 */
	private static final ByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(true);

	/** A test double that drops a direct buffer without releasing it. */
	static class LeakingDouble {

		@Test
		void dropsABufferWithoutReleasingIt() {
			ByteBuf buffer = ALLOCATOR.directBuffer(64);
			buffer.writeLong(42).touch(leakHint);
		}

	}

	/** A test double that releases the same kind of buffer. */
	static class ReleasingDouble {

		@Test
		void releasesItsBuffer() {
			ByteBuf buffer = ALLOCATOR.directBuffer(64);
			try {
				buffer.writeLong(42);
			}
			finally {
				buffer.release();
			}
		}

	}

}
