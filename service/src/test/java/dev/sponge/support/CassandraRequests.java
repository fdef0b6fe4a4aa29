package dev.sponge.support;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import static org.awaitility.Awaitility.await;

/**
 * The CQL requests the service's own driver session sent, from its Micrometer metrics:
 * what a test counts to show how many Cassandra reads or writes a request took.
 */
public final class CassandraRequests {

	private final MeterRegistry meters;

	public CassandraRequests(MeterRegistry meters) {
		this.meters = meters;
	}

	/** Requests sent so far. */
	public double count() {
		return this.meters.find("cassandra.session.cql-requests").timers().stream().mapToLong(Timer::count).sum();
	}

	/**
	 * Waits until the session is nearly idle (fewer than 10 requests in a second): a
	 * freshly started rollup worker looks back over many queue slots (several requests
	 * each), which would count as the measured request's.
	 */
	public void awaitQuiet() {
		double[] last = { count() };
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			double now = count();
			boolean quiet = now - last[0] < 10;
			last[0] = now;
			return quiet;
		});
	}

}
