package dev.sponge.cassandranode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CassandraClusterTest {

	private static CassandraCluster cluster;

	@BeforeAll
	static void startCluster() {
		cluster = CassandraCluster.builder().size(3).build().start();
	}

	@AfterAll
	static void closeCluster() {
		cluster.close();
	}

	@Test
	void threeNodesOnThreeLoopbackAddressesFormOneRing() {
		assertThat(cluster.contactPoints()).extracting(InetSocketAddress::getHostString)
			.containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3");
		assertThat(cluster.contactPoints()).extracting(InetSocketAddress::getPort).containsOnly(cluster.nativePort());

		try (CqlSession session = session(cluster.contactPoints().subList(0, 1))) {
			awaitAllUp(session, 3);
			// Whichever node coordinates: itself in system.local, the two others in
			// system.peers_v2.
			Node coordinator = session.getMetadata().getNodes().values().iterator().next();
			String self = session
				.execute(SimpleStatement.newInstance("SELECT broadcast_address FROM system.local").setNode(coordinator))
				.one()
				.getInetAddress("broadcast_address")
				.getHostAddress();
			// A node that joined last may list its peers a moment after the driver sees
			// it
			// up: gossip fills system.peers_v2 on its own schedule.
			List<String> peers = await().atMost(Duration.ofSeconds(60))
				.until(() -> session
					.execute(SimpleStatement.newInstance("SELECT peer, data_center FROM system.peers_v2")
						.setNode(coordinator))
					.all()
					.stream()
					.map((row) -> row.getInetAddress("peer").getHostAddress())
					.toList(), (listed) -> listed.size() == 2);
			assertThat(peers).hasSize(2).doesNotContain(self);
			assertThat(Stream.concat(Stream.of(self), peers.stream())).containsExactlyInAnyOrder("127.0.0.1",
					"127.0.0.2", "127.0.0.3");
		}
	}

	@Test
	void aKeyspaceWithThreeReplicasServesQuorumWithOneNodeKilledAndKeepsItsWritesAfterRestart() {
		try (CqlSession session = session(cluster.contactPoints())) {
			awaitAllUp(session, 3);
			session.execute("CREATE KEYSPACE IF NOT EXISTS rf3 WITH replication = "
					+ "{'class': 'NetworkTopologyStrategy', 'datacenter1': 3}");
			session.execute("CREATE TABLE IF NOT EXISTS rf3.kv (k text PRIMARY KEY, v text)");
			write(session, "all-up", "one");

			cluster.kill(2);
			assertThat(cluster.node(2).isRunning()).isFalse();
			write(session, "one-down", "two");
			assertThat(read(session, "all-up")).isEqualTo("one");

			cluster.restart(2);
			awaitAllUp(session, 3);
			assertThat(read(session, "one-down")).isEqualTo("two");
			// ALL needs every replica, the restarted one included.
			Row row = session
				.execute(SimpleStatement.newInstance("SELECT v FROM rf3.kv WHERE k = ?", "all-up")
					.setConsistencyLevel(ConsistencyLevel.ALL))
				.one();
			assertThat(row.getString("v")).isEqualTo("one");
		}
	}

	private static void write(CqlSession session, String key, String value) {
		session.execute(SimpleStatement.newInstance("INSERT INTO rf3.kv (k, v) VALUES (?, ?)", key, value)
			.setConsistencyLevel(ConsistencyLevel.QUORUM)
			.setIdempotent(true));
	}

	private static String read(CqlSession session, String key) {
		Row row = session
			.execute(SimpleStatement.newInstance("SELECT v FROM rf3.kv WHERE k = ?", key)
				.setConsistencyLevel(ConsistencyLevel.QUORUM)
				.setIdempotent(true))
			.one();
		return row == null ? null : row.getString("v");
	}

	private static void awaitAllUp(CqlSession session, int nodes) {
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
			List<NodeState> states = session.getMetadata().getNodes().values().stream().map(Node::getState).toList();
			assertThat(states).hasSize(nodes).containsOnly(NodeState.UP);
		});
	}

	private static CqlSession session(List<InetSocketAddress> contactPoints) {
		DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
			.withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
			.withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
			.withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(2))
			.build();
		return CqlSession.builder()
			.addContactPoints(contactPoints)
			.withLocalDatacenter(cluster.localDatacenter())
			.withConfigLoader(config)
			.build();
	}

}
