package dev.sponge.reliability;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

import dev.sponge.cassandranode.CassandraCluster;
import dev.sponge.oidcissuer.OidcIssuer;
import dev.sponge.support.RealInfrastructure;
import dev.sponge.support.Tokens;

/**
 * Points the application at a real 3-node Cassandra cluster on 127.0.0.1-3, started for
 * this context and closed with it, with the production replication (3 replicas in
 * datacenter1) and consistency (LOCAL_QUORUM). Only the reconnection delay is shortened,
 * so that the restarted node is back in use within the test's time.
 */
public final class ThreeNodeCluster implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String KEYSPACE = "sponge_faults";

	private static CassandraCluster cluster;

	static synchronized CassandraCluster cluster() {
		return cluster;
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		RealInfrastructure.installBlockHound();
		CassandraCluster started = start();
		context.addApplicationListener((event) -> {
			if (event instanceof ContextClosedEvent) {
				started.close();
			}
		});
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("three-node-cluster",
					Map.of("spring.cassandra.contact-points", started.contactPointList(),
							"spring.cassandra.local-datacenter", started.localDatacenter(),
							"spring.security.oauth2.resourceserver.jwt.issuer-uri",
							OidcIssuer.shared().issuerUri(Tokens.ISSUER_ID), "sponge.cassandra.keyspace", KEYSPACE,
							"sponge.cassandra.replication.strategy", "NetworkTopologyStrategy",
							"sponge.cassandra.replication.factor", "3", "sponge.cassandra.write-consistency",
							"LOCAL_QUORUM", "sponge.cassandra.read-consistency", "LOCAL_QUORUM",
							"sponge.cassandra.reconnect-max-delay", "2s")));
	}

	private static synchronized CassandraCluster start() {
		if (cluster == null) {
			cluster = CassandraCluster.builder().size(3).heap("512m").build();
			Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "cassandra-cluster-close"));
			cluster.start();
		}
		return cluster;
	}

}
