package dev.sponge.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import dev.sponge.support.RealInfrastructure;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Far more concurrent ingest than the service admits (8 ingest requests in progress) and
 * than the driver's throttler admits (4 CQL requests in flight, 16 waiting; 4 statements
 * in flight per request): the excess is refused with 503 and Retry-After, accepted
 * requests succeed within the request timeout with every point stored, and the heap does
 * not grow with the overload.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.cassandra.request.throttler.max-concurrent-requests=4",
				"spring.cassandra.request.throttler.max-queue-size=16", "sponge.points.write-concurrency=4",
				"sponge.ingest.admission.max-concurrent-requests=8" })
@ContextConfiguration(initializers = RealInfrastructure.class)
@DirtiesContext
class OverloadIntegrationTest {

	private static final int CLIENTS = 24;

	private static final int REQUESTS_PER_CLIENT = 25;

	/**
	 * Room for a loaded 2-core machine on top of the request timeout: not a benchmark.
	 */
	private static final Duration SLACK = Duration.ofSeconds(10);

	/**
	 * Heap growth tolerated across the overload, after a full collection on both sides.
	 */
	private static final long HEAP_GROWTH_BOUND = 64L * 1024 * 1024;

	@LocalServerPort
	private int port;

	@Value("${spring.cassandra.request.timeout}")
	private Duration requestTimeout;

	@Autowired
	private CqlSession session;

	@Test
	void excessIngestIsRefusedWithRetryAfterWhileAcceptedIngestSucceedsWithEveryPointStored()
			throws InterruptedException {
		String tenant = Tokens.uniqueTenant();
		IngestClients warmUp = new IngestClients(URI.create("http://localhost:" + this.port),
				Tokens.writerReader(tenant), "overload.warmup", 4, 5, Duration.ofSeconds(60));
		try (warmUp) {
			warmUp.start(1, 5);
			warmUp.awaitFinished();
		}
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		memory.gc();
		long heapBefore = memory.getHeapMemoryUsage().getUsed();

		IngestClients clients = new IngestClients(URI.create("http://localhost:" + this.port),
				Tokens.writerReader(tenant), "overload", 4, 5, Duration.ofSeconds(60));
		try (clients) {
			clients.start(CLIENTS, REQUESTS_PER_CLIENT);
			clients.awaitFinished();
		}
		memory.gc();
		long heapAfter = memory.getHeapMemoryUsage().getUsed();

		Ledger.Check accepted = check(clients.ledger(), tenant, clients.metric());
		Ledger.Check refused = check(clients.refusedPoints(), tenant, clients.metric());
		long byAdmission = clients.refused()
			.stream()
			.filter((refusal) -> refusal.body().contains("Too many ingest requests"))
			.count();
		System.out.printf(
				"[faults] overload: requests sent=%d by %d concurrent clients, admission 8, "
						+ "throttler 4 in flight + 16 queued, refused by admission=%d, "
						+ "requests acknowledged=%d, statuses=%s, 5xx=%d, points acknowledged=%d, points found=%d, "
						+ "points of refused requests=%d of which stored anyway=%d, slowest acknowledged=%d ms, "
						+ "heap before=%d MiB after=%d MiB%n",
				clients.sent(), CLIENTS, byAdmission, clients.acknowledged(), clients.statuses(), clients.count5xx(),
				accepted.acknowledged(), accepted.found(), refused.acknowledged(), refused.found(),
				clients.longestAcknowledged().toMillis(), heapBefore >> 20, heapAfter >> 20);
		assertThat(clients.statuses()).containsOnlyKeys(200, 503);
		assertThat(clients.refused()).as("the overload was real").isNotEmpty().allSatisfy((refusal) -> {
			assertThat(refusal.retryAfter()).isPresent();
			assertThat(refusal.duration()).isLessThan(this.requestTimeout.plus(SLACK));
		});
		assertThat(byAdmission).as("refused by the admission limit").isPositive();
		assertThat(clients.acknowledged()).isPositive();
		assertThat(clients.longestAcknowledged()).isLessThan(this.requestTimeout.plus(SLACK));
		assertThat(accepted.someMissing()).as("acknowledged points missing").isEmpty();
		assertThat(accepted.found()).isEqualTo(accepted.acknowledged());
		assertThat(heapAfter - heapBefore).as("heap growth in bytes").isLessThan(HEAP_GROWTH_BOUND);
	}

	/**
	 * Counts what the ledger says was written. The test reads through the service's own
	 * session, throttled to 4 + 16 requests, which its rollup workers are still using
	 * after the overload: a check that finds the throttler full tries again.
	 */
	private Ledger.Check check(Ledger ledger, String tenant, String metric) {
		return await().atMost(Duration.ofSeconds(60))
			.ignoreException(RequestThrottlingException.class)
			.until(() -> ledger.check(this.session, RealInfrastructure.KEYSPACE, tenant, metric, ConsistencyLevel.ONE),
					Objects::nonNull);
	}

}
