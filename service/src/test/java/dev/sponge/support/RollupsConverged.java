package dev.sponge.support;

import java.time.Duration;
import java.util.Collection;

import com.datastax.oss.driver.api.core.CqlSession;

import org.awaitility.Awaitility;

/**
 * Waits, with a deadline, until the rollup workers have recomputed every marked minute of
 * the given metrics of a tenant (no row of theirs left in {@code rollup_dirty}).
 */
public final class RollupsConverged {

	/**
	 * Generous beside the default bound (settle + slot + grace + poll, about 7.5 s): the
	 * suite shares two cores with the Cassandra node.
	 */
	public static final Duration DEADLINE = Duration.ofSeconds(60);

	private RollupsConverged() {
	}

	public static void await(CqlSession session, String tenant, Collection<String> metrics) {
		Awaitility.await()
			.atMost(DEADLINE)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> metrics.stream().allMatch((metric) -> pending(session, tenant, metric) == 0));
	}

	public static long pending(CqlSession session, String tenant, String metric) {
		return session.execute("SELECT COUNT(*) FROM rollup_dirty WHERE tenant = ? AND metric = ?", tenant, metric)
			.one()
			.getLong(0);
	}

}
