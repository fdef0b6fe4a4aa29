package dev.sponge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

/**
 * Counts what is in Cassandra after the run: for every series of every workload, the rows
 * in its day partitions against the acknowledged points. Timestamps are never reused, so
 * if no failed request touched a series, equal counts prove every acknowledged point is
 * there; otherwise each stored timestamp is read and every acknowledged one looked up.
 */
final class Verifier {

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private final CqlSession session;

	private final PreparedStatement count;

	private final PreparedStatement timestamps;

	Verifier(CqlSession session, String keyspace) {
		this.session = session;
		this.count = session.prepare(SimpleStatement
			.newInstance("SELECT count(*) FROM " + keyspace + ".points WHERE tenant = ? AND series_id = ? AND day = ?")
			.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
			.setTimeout(TIMEOUT));
		this.timestamps = session.prepare(SimpleStatement
			.newInstance("SELECT ts FROM " + keyspace + ".points WHERE tenant = ? AND series_id = ? AND day = ?")
			.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
			.setTimeout(TIMEOUT));
	}

	Result verify(List<Workload> workloads) {
		long acknowledged = 0;
		long stored = 0;
		long missing = 0;
		List<String> problems = new ArrayList<>();
		for (Workload workload : workloads) {
			for (int series = 0; series < workload.seriesCount(); series++) {
				long acked = workload.ledger().acknowledgedPoints(series);
				long allocated = workload.allocated(series);
				if (allocated == 0) {
					continue;
				}
				int firstDay = Driver.day(workload.timestamp(0));
				int lastDay = Driver.day(workload.timestamp(allocated - 1));
				long rows = 0;
				for (int day = firstDay; day <= lastDay; day++) {
					Row row = this.session.execute(this.count.bind(workload.tenant(), workload.seriesId(series), day))
						.one();
					rows += (row != null) ? row.getLong(0) : 0;
				}
				acknowledged += acked;
				stored += rows;
				long lost = workload.ledger().touchedByFailure(series) ? missing(workload, series, firstDay, lastDay)
						: Math.max(0, acked - rows);
				if (lost > 0 || (!workload.ledger().touchedByFailure(series) && rows != acked)) {
					problems.add(workload.tenant() + "/" + workload.host(series) + ": " + acked + " acknowledged, "
							+ rows + " stored, " + lost + " acknowledged missing");
				}
				missing += lost;
			}
		}
		return new Result(acknowledged, stored, missing, problems.subList(0, Math.min(20, problems.size())));
	}

	private long missing(Workload workload, int series, int firstDay, int lastDay) {
		java.util.BitSet found = new java.util.BitSet();
		for (int day = firstDay; day <= lastDay; day++) {
			for (Row row : this.session
				.execute(this.timestamps.bind(workload.tenant(), workload.seriesId(series), day))) {
				found.set(Math.toIntExact((row.getInstant(0).toEpochMilli() - workload.base()) / 1000L));
			}
		}
		long lost = 0;
		for (long offset = 0; offset < workload.allocated(series); offset++) {
			if (workload.ledger().isAcknowledged(series, offset) && !found.get(Math.toIntExact(offset))) {
				lost++;
			}
		}
		return lost;
	}

	/**
	 * The count.
	 *
	 * @param acknowledged points acknowledged over the whole run
	 * @param stored rows found in those series' partitions
	 * @param missing acknowledged points not found
	 * @param problems the first series where the numbers disagree
	 */
	record Result(long acknowledged, long stored, long missing, List<String> problems) {

		boolean allFound() {
			return this.missing == 0 && this.problems.isEmpty();
		}

	}

}
