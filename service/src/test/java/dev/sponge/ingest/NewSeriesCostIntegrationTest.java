package dev.sponge.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Api;
import dev.sponge.support.CassandraRequests;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet's first contact is a request of new series only: registering them must cost a
 * share of a batch each, not round trips of their own (the issue "Ingest at the speed of
 * Cassandra", new series at fleet speed). Counted with the service's own driver metrics
 * against the real node, whose token map the batching reads.
 */
@IntegrationTest
class NewSeriesCostIntegrationTest {

	private static final int SERIES = 200;

	private final Api api;

	private final CassandraRequests requests;

	private final String token = Tokens.writerReader(Tokens.uniqueTenant());

	NewSeriesCostIntegrationTest(@Autowired WebTestClient client, @Autowired MeterRegistry meters) {
		this.api = new Api(client);
		this.requests = new CassandraRequests(meters);
	}

	@Test
	void aRequestOfTwoHundredNewSeriesTakesFarFewerCassandraRequestsThanSeries() {
		long now = System.currentTimeMillis();
		List<Map<String, Object>> body = new ArrayList<>();
		for (int s = 0; s < SERIES; s++) {
			List<List<Number>> points = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				points.add(List.of(now - 10_000 + i * 1_000L, (double) i));
			}
			body.add(series("fleet.first.contact", Map.of("device", "d" + s), points));
		}
		this.requests.awaitQuiet();
		double before = this.requests.count();
		this.api.ingested(this.token, body);
		double requests = this.requests.count() - before;

		// Each series brings a partition of points and a day-index row: a statement of
		// their own each would be at least 400. Grouped by replica set (10 partitions a
		// batch) they are 40, plus the per-metric batches (catalogue, latest values,
		// marks, queue, stream log) and what the rollup workers send meanwhile.
		assertThat(requests).as("Cassandra requests for %d new series", SERIES).isLessThan(SERIES * 0.5);
	}

}
