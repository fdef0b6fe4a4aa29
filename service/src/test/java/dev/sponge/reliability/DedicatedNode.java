package dev.sponge.reliability;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

import dev.sponge.cassandranode.CassandraNode;
import dev.sponge.oidcissuer.OidcIssuer;
import dev.sponge.support.RealInfrastructure;
import dev.sponge.support.Tokens;

/**
 * Points the application at a Cassandra node of its own, started for this context and
 * closed with it, so a test may kill it without disturbing the tests that share the JVM's
 * node. One replica, with the commit log synced before a write is acknowledged
 * ({@code commitlog_sync: group}); the driver looks for the node again every second at
 * most.
 */
public final class DedicatedNode implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String KEYSPACE = "sponge_outage";

	private static CassandraNode node;

	static synchronized CassandraNode node() {
		return node;
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		RealInfrastructure.installBlockHound();
		CassandraNode started = start();
		context.addApplicationListener((event) -> {
			if (event instanceof ContextClosedEvent) {
				started.close();
			}
		});
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("dedicated-node",
					Map.of("spring.cassandra.contact-points", started.host() + ":" + started.nativePort(),
							"spring.cassandra.local-datacenter", started.localDatacenter(),
							"spring.security.oauth2.resourceserver.jwt.issuer-uri",
							OidcIssuer.shared().issuerUri(Tokens.ISSUER_ID), "sponge.cassandra.keyspace", KEYSPACE,
							"sponge.cassandra.replication.strategy", "SimpleStrategy",
							"sponge.cassandra.replication.factor", "1", "sponge.cassandra.reconnect-max-delay", "1s")));
	}

	private static synchronized CassandraNode start() {
		if (node == null) {
			// Acknowledged means on disk: a lone replica has no other copy to recover
			// from.
			node = CassandraNode.builder().heap("768m").syncCommitLog(true).build();
			Runtime.getRuntime().addShutdownHook(new Thread(node::close, "cassandra-dedicated-close"));
			node.start();
		}
		return node;
	}

}
