package dev.sponge.support;

import java.util.Map;

import reactor.blockhound.BlockHound;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import dev.sponge.cassandranode.CassandraNode;
import dev.sponge.oidcissuer.OidcIssuer;

/**
 * Points the application at the JVM's shared Cassandra node and OIDC issuer (started on
 * free ports on first use, stopped when the JVM exits) and installs BlockHound, so any
 * blocking call on a reactive thread fails the request that made it.
 */
public final class RealInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** Keyspace of the integration tests; tests isolate from each other by tenant. */
	public static final String KEYSPACE = "sponge_it";

	private static boolean blockHoundInstalled;

	static {
		installBlockHound();
	}

	/**
	 * Installs BlockHound, once per JVM. A test that starts Reactor threads without a
	 * Spring context must call this first: BlockHound rewrites JDK classes, and a thread
	 * parked inside one of them at that moment dies (IllegalMonitorStateException),
	 * taking its scheduler with it.
	 */
	public static synchronized void installBlockHound() {
		if (!blockHoundInstalled) {
			// Netty 4.2's adaptive allocator takes a StampedLock for a moment when a
			// magazine frees
			// memory: an allocator-internal critical section, not I/O, so it is allowed
			// here.
			// springdoc guards its cached description with a lock that is only contended
			// while
			// the description is first built (at start-up, pre-loading); no I/O happens
			// under it.
			// Spring Data's repository metrics resolve their meter registry once, under a
			// lock that only concurrent first repository calls contend for (seen when
			// several clients start at once); no I/O happens under it.
			// Caffeine spins briefly (Thread.onSpinWait), then runs the cache's
			// maintenance
			// itself under its eviction lock, when a burst of puts fills its write buffer
			// (registering a thousand new series at once): CPU work on the cache, no I/O.
			// It also spins in put while a racing writer retires the same entry (seen
			// in the verified-token cache on a loaded machine): the same CPU-only wait.
			// The driver closes a session by shutting its event loops down from
			// Netty's global executor, taking each loop's task-queue lock for a
			// moment. When BlockHound threw there (the lock contended on a loaded
			// machine), the close never completed and a context start-up that closes
			// its bootstrap session hung the suite; shutting down is not a request path.
			BlockHound.install((builder) -> builder
				.allowBlockingCallsInside("io.netty.util.concurrent.SingleThreadEventExecutor", "shutdownGracefully")
				.allowBlockingCallsInside("com.github.benmanes.caffeine.cache.BoundedLocalCache", "afterWrite")
				.allowBlockingCallsInside("com.github.benmanes.caffeine.cache.BoundedLocalCache", "put")
				.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free")
				.allowBlockingCallsInside("org.springdoc.api.AbstractOpenApiResource", "getOpenApi")
				.allowBlockingCallsInside("org.springframework.util.function.SingletonSupplier", "get"));
			blockHoundInstalled = true;
		}
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		CassandraNode node = CassandraNode.shared();
		OidcIssuer issuer = OidcIssuer.shared();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("real-infrastructure",
					Map.of("spring.cassandra.contact-points", node.host() + ":" + node.nativePort(),
							"spring.cassandra.local-datacenter", node.localDatacenter(),
							"spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer.issuerUri(Tokens.ISSUER_ID),
							"sponge.cassandra.keyspace", KEYSPACE, "sponge.cassandra.replication.strategy",
							"SimpleStrategy", "sponge.cassandra.replication.factor", "1",
							// Every instance a test starts shares the key, as a
							// deployment's
							// instances share its Secret: cursors work on all of them.
							"sponge.paging.signing-key", "integration-test-cursor-signing-key")));
	}

}
