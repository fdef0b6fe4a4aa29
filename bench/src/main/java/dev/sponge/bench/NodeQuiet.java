package dev.sponge.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;

/**
 * Waits until the Cassandra node has no compaction or memtable flush running or pending
 * ({@code system_views.thread_pools}), so a slice does not start under the compaction
 * that the previous slice's writes set off (the slices after the bare driver's, the
 * fastest writer, had the highest rollup lag). Also tells the node's CPU time, so each
 * path is charged the Cassandra work its writes cost.
 */
final class NodeQuiet {

	private static final String QUERY = "SELECT name, active_tasks, pending_tasks FROM system_views.thread_pools";

	private static final Duration DEADLINE = Duration.ofMinutes(2);

	private static final Duration POLL = Duration.ofMillis(250);

	private final CqlSession session;

	private final long pid;

	NodeQuiet(CqlSession session, long pid) {
		this.session = session;
		this.pid = pid;
	}

	/** CPU seconds the node's process has used so far, -1 if it is gone. */
	double cpuSeconds() {
		return ProcessStats.cpuSeconds(this.pid);
	}

	/** Blocks until the node is quiet or the deadline passes; the seconds waited. */
	double await() {
		long start = System.nanoTime();
		long deadline = start + DEADLINE.toNanos();
		while (busyTasks() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(POLL.toNanos());
		}
		return (System.nanoTime() - start) / 1e9;
	}

	private long busyTasks() {
		long busy = 0;
		for (Row row : this.session.execute(QUERY)) {
			String name = row.getString("name");
			if ("CompactionExecutor".equals(name) || "MemtableFlushWriter".equals(name)
					|| "MemtablePostFlush".equals(name)) {
				busy += ((Number) row.getObject("active_tasks")).longValue()
						+ ((Number) row.getObject("pending_tasks")).longValue();
			}
		}
		return busy;
	}

}
