package dev.sponge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Counts what is in Cassandra after the run: for every series of every workload, the rows
 * in its day partitions against the acknowledged points. Timestamps are never reused, so
 * if no failed request touched a series, equal counts prove every acknowledged point is
 * there; otherwise each stored timestamp is read and every acknowledged one looked up.
 * Series no failure touched are counted a hundred partitions per query (a new-series
 * phase leaves hundreds of thousands of series), and one by one only where a group's sum
 * disagrees.
 */
final class Verifier {

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private static final int SERIES_PER_QUERY = 100;

	private static final int QUERIES_IN_FLIGHT = 8;

	private final CqlSession session;

	private final PreparedStatement count;

	private final PreparedStatement countGroup;

	private final PreparedStatement timestamps;

	private final List<String> problems = new ArrayList<>();

	private long acknowledged;

	private long stored;

	private long missing;

	Verifier(CqlSession session, String keyspace) {
		this.session = session;
		String where = " FROM " + keyspace + ".points WHERE tenant = ? AND series_id = ? AND day = ?";
		this.count = prepare("SELECT count(*)" + where);
		this.countGroup = prepare(
				"SELECT count(*) FROM " + keyspace + ".points WHERE tenant = ? AND series_id IN ? AND day = ?");
		this.timestamps = prepare("SELECT ts" + where);
	}

	private PreparedStatement prepare(String cql) {
		return this.session.prepare(SimpleStatement.newInstance(cql)
			.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
			.setTimeout(TIMEOUT));
	}

	Result verify(List<Workload> workloads) {
		List<Group> groups = new ArrayList<>();
		for (Workload workload : workloads) {
			List<Integer> clean = new ArrayList<>();
			for (int series = 0; series < workload.seriesCount(); series++) {
				if (workload.allocated(series) == 0) {
					continue;
				}
				if (workload.ledger().touchedByFailure(series)) {
					checkOne(workload, series);
				}
				else {
					clean.add(series);
				}
				if (clean.size() == SERIES_PER_QUERY) {
					groups.add(new Group(workload, clean));
					clean = new ArrayList<>();
				}
			}
			if (!clean.isEmpty()) {
				groups.add(new Group(workload, clean));
			}
		}
		List<Counted> counted = Flux.fromIterable(groups)
			// A group whose count fails (a hundred dense partitions can be more rows than
			// one read may take) is counted series by series below.
			.flatMap((group) -> storedRows(group).map((rows) -> new Counted(group, rows))
				.onErrorResume((ex) -> Mono.just(new Counted(group, -1))), QUERIES_IN_FLIGHT)
			.collectList()
			.block(TIMEOUT.multipliedBy(Math.max(1, groups.size() / QUERIES_IN_FLIGHT)));
		for (Counted c : counted) {
			long acked = c.group().series().stream().mapToLong(c.group().workload().ledger()::acknowledgedPoints).sum();
			if (c.rows() == acked) {
				this.acknowledged += acked;
				this.stored += c.rows();
			}
			else {
				c.group().series().forEach((series) -> checkOne(c.group().workload(), series));
			}
		}
		return new Result(this.acknowledged, this.stored, this.missing,
				List.copyOf(this.problems.subList(0, Math.min(20, this.problems.size()))));
	}

	private Mono<Long> storedRows(Group group) {
		Workload workload = group.workload();
		List<String> ids = group.series().stream().map(workload::seriesId).toList();
		int firstDay = firstDay(workload);
		int lastDay = group.series().stream().mapToInt((s) -> lastDay(workload, s)).max().orElseThrow();
		return Flux.range(firstDay, lastDay - firstDay + 1)
			.concatMap((day) -> Mono
				.fromCompletionStage(() -> this.session.executeAsync(this.countGroup.bind(workload.tenant(), ids, day)))
				.map((rs) -> rs.one().getLong(0)))
			.reduce(0L, Long::sum);
	}

	private void checkOne(Workload workload, int series) {
		long acked = workload.ledger().acknowledgedPoints(series);
		long rows = 0;
		for (int day = firstDay(workload); day <= lastDay(workload, series); day++) {
			Row row = this.session.execute(this.count.bind(workload.tenant(), workload.seriesId(series), day)).one();
			rows += (row != null) ? row.getLong(0) : 0;
		}
		boolean touched = workload.ledger().touchedByFailure(series);
		long lost = touched ? missing(workload, series) : Math.max(0, acked - rows);
		if (lost > 0 || (!touched && rows != acked)) {
			this.problems.add(workload.tenant() + "/" + workload.host(series) + ": " + acked + " acknowledged, " + rows
					+ " stored, " + lost + " acknowledged missing");
		}
		this.acknowledged += acked;
		this.stored += rows;
		this.missing += lost;
	}

	private long missing(Workload workload, int series) {
		BitSet found = new BitSet();
		for (int day = firstDay(workload); day <= lastDay(workload, series); day++) {
			for (Row row : this.session
				.execute(this.timestamps.bind(workload.tenant(), workload.seriesId(series), day))) {
				found.set(Math.toIntExact(workload.offset(row.getInstant(0).toEpochMilli())));
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

	private static int firstDay(Workload workload) {
		return Driver.day(workload.timestamp(0));
	}

	private static int lastDay(Workload workload, int series) {
		return Driver.day(workload.timestamp(workload.allocated(series) - 1));
	}

	/** Up to a hundred series of one workload that no failed request touched. */
	private record Group(Workload workload, List<Integer> series) {
	}

	private record Counted(Group group, long rows) {
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
