package dev.sponge.reliability;

import java.net.URI;
import java.time.Duration;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import dev.sponge.cassandranode.CassandraCluster;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service on a real 3-node cluster (3 replicas, LOCAL_QUORUM) under continuous ingest
 * from several clients while one node is killed with SIGKILL and later restarted: no
 * request fails, and every acknowledged point is readable at QUORUM afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = ThreeNodeCluster.class)
@DirtiesContext
class ClusterNodeKillIntegrationTest {

	/**
	 * The node killed: the seed, which also holds the driver's first control connection.
	 */
	private static final int VICTIM = 0;

	private static final int CLIENTS = 4;

	private static final int REQUESTS_PER_PHASE = 40;

	@LocalServerPort
	private int port;

	@Autowired
	private CqlSession session;

	@Test
	void ingestNeverFailsWhileAReplicaIsKilledAndRestartedAndEveryAcknowledgedPointIsReadableAtQuorum()
			throws InterruptedException {
		CassandraCluster cluster = ThreeNodeCluster.cluster();
		String victim = cluster.node(VICTIM).host();
		awaitState(victim, NodeState.UP);
		String tenant = Tokens.uniqueTenant();
		IngestClients clients = new IngestClients(URI.create("http://localhost:" + this.port),
				Tokens.writerReader(tenant), "cluster.kill", 3, 5, Duration.ofSeconds(60));
		try (clients) {
			clients.start(CLIENTS);
			awaitAcknowledged(clients, REQUESTS_PER_PHASE);

			cluster.kill(VICTIM);
			awaitState(victim, NodeState.DOWN);
			awaitAcknowledged(clients, clients.acknowledged() + REQUESTS_PER_PHASE);

			cluster.restart(VICTIM);
			awaitState(victim, NodeState.UP);
			awaitAcknowledged(clients, clients.acknowledged() + REQUESTS_PER_PHASE);
		}

		Ledger.Check check = clients.ledger()
			.check(this.session, ThreeNodeCluster.KEYSPACE, tenant, clients.metric(), ConsistencyLevel.QUORUM);
		System.out.printf("[faults] 3-node kill: requests sent=%d, faults injected=1 (SIGKILL %s, restarted), "
				+ "requests acknowledged=%d, statuses=%s, 5xx=%d, points acknowledged=%d, points found at QUORUM=%d, "
				+ "slowest acknowledged=%d ms%n", clients.sent(), victim, clients.acknowledged(), clients.statuses(),
				clients.count5xx(), check.acknowledged(), check.found(), clients.longestAcknowledged().toMillis());
		assertThat(clients.refused()).as("requests that did not get a 2xx").isEmpty();
		assertThat(check.someMissing()).as("acknowledged points missing at QUORUM").isEmpty();
		assertThat(check.found()).isEqualTo(check.acknowledged()).isPositive();
	}

	private void awaitState(String host, NodeState state) {
		await().atMost(Duration.ofSeconds(120))
			.untilAsserted(() -> assertThat(this.session.getMetadata().getNodes().values())
				.filteredOn((node) -> node.getEndPoint().resolve().toString().contains(host))
				.singleElement()
				.extracting((node) -> node.getState())
				.isEqualTo(state));
	}

	private static void awaitAcknowledged(IngestClients clients, long requests) {
		await().atMost(Duration.ofSeconds(90)).until(() -> clients.acknowledged() >= requests);
	}

}
