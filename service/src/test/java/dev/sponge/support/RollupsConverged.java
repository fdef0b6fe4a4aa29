package dev.sponge.support;

import java.time.Duration;
import java.util.Collection;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;

import org.awaitility.Awaitility;

/**
 * Waits, with a deadline, until the rollup workers have recomputed every marked minute of
 * the given metrics of a tenant (no mark of their series left in {@code rollup_marks},
 * nor in {@code rollup_dirty} of schema version 5).
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

	/** Marked minutes of the metric's series not recomputed yet, in both marks tables. */
	public static long pending(CqlSession session, String tenant, String metric) {
		long pending = count(session, "SELECT COUNT(*) FROM rollup_dirty WHERE tenant = ? AND metric = ?", tenant,
				metric);
		for (Row series : session.execute("SELECT series_id FROM series WHERE tenant = ? AND metric = ?", tenant,
				metric)) {
			pending += count(session,
					"SELECT COUNT(*) FROM rollup_marks WHERE tenant = ? AND metric = ? AND series_id = ?", tenant,
					metric, series.getString(0));
		}
		return pending;
	}

	private static long count(CqlSession session, String cql, Object... values) {
		return session.execute(cql, values).one().getLong(0);
	}

}
