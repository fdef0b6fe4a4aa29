package dev.sponge.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import dev.sponge.cassandranode.CassandraNode;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's only Cassandra node is killed (SIGKILL) under continuous ingest and
 * restarted on its data: requests in flight and new ones get 503 with Retry-After within
 * the request timeout, readiness goes DOWN and UP again by itself, and every point
 * acknowledged before, during or after the outage is stored. Complements
 * {@code CassandraOutageIntegrationTest}, which stops the shared node gracefully between
 * single requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = DedicatedNode.class)
@DirtiesContext
class SingleNodeKillIntegrationTest {

	/**
	 * Room for a loaded 2-core machine on top of the request timeout: not a benchmark.
	 */
	private static final Duration SLACK = Duration.ofSeconds(10);

	@LocalServerPort
	private int port;

	@Value("${spring.cassandra.request.timeout}")
	private Duration requestTimeout;

	@Autowired
	private CqlSession session;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void killedNodeMeansFast503sWhileThePodStaysReadyThenRecoveryWithEveryAcknowledgedPointStored() throws Exception {
		CassandraNode node = DedicatedNode.node();
		String tenant = Tokens.uniqueTenant();
		IngestClients clients = new IngestClients(URI.create("http://localhost:" + this.port),
				Tokens.writerReader(tenant), "node.kill", 2, 5, Duration.ofSeconds(60))
			.honouringRetryAfter();
		long acknowledgedBefore;
		long acknowledgedDuring;
		try (clients) {
			clients.start(3);
			await().atMost(Duration.ofSeconds(60)).until(() -> clients.acknowledged() >= 30);

			node.kill();
			acknowledgedBefore = clients.acknowledged();
			await().atMost(Duration.ofSeconds(60)).until(() -> health() == 503);
			assertThat(readiness()).as("the pod stays in service: it answers 503 with Retry-After itself")
				.isEqualTo(200);
			await().atMost(Duration.ofSeconds(60)).until(() -> clients.refused().size() >= 10);
			acknowledgedDuring = clients.acknowledged();

			node.start();
			await().atMost(Duration.ofSeconds(90)).until(() -> health() == 200);
			await().atMost(Duration.ofSeconds(90)).until(() -> clients.acknowledged() >= acknowledgedDuring + 30);
		}

		Ledger.Check check = clients.ledger()
			.check(this.session, DedicatedNode.KEYSPACE, tenant, clients.metric(), ConsistencyLevel.ONE);
		Duration slowestRefusal = clients.refused()
			.stream()
			.map(IngestClients.Outcome::duration)
			.max(Duration::compareTo)
			.orElse(Duration.ZERO);
		System.out.printf("[faults] single-node kill: requests sent=%d, faults injected=1 (SIGKILL, restarted), "
				+ "requests acknowledged=%d (%d before the kill, %d after it), statuses=%s, 5xx=%d, "
				+ "points acknowledged=%d, points found=%d, slowest refusal=%d ms, slowest acknowledged=%d ms%n",
				clients.sent(), clients.acknowledged(), acknowledgedBefore, clients.acknowledged() - acknowledgedBefore,
				clients.statuses(), clients.count5xx(), check.acknowledged(), check.found(), slowestRefusal.toMillis(),
				clients.longestAcknowledged().toMillis());
		assertThat(clients.refused()).as("every refusal is a 503 with Retry-After")
			.isNotEmpty()
			.allSatisfy((refusal) -> {
				assertThat(refusal.status()).as(refusal.body()).isEqualTo(503);
				assertThat(refusal.retryAfter()).isPresent();
				assertThat(refusal.duration()).as("bounded by the request timeout")
					.isLessThan(this.requestTimeout.plus(SLACK));
			});
		assertThat(clients.statuses()).containsOnlyKeys(200, 503);
		assertThat(check.someMissing()).as("acknowledged points missing").isEmpty();
		assertThat(check.found()).isEqualTo(check.acknowledged()).isPositive();
	}

	/** The overall health, which includes Cassandra's. */
	private int health() throws Exception {
		return status("/actuator/health");
	}

	private int readiness() throws Exception {
		return status("/actuator/health/readiness");
	}

	private int status(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
