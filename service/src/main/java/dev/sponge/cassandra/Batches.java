package dev.sponge.cassandra;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;

/**
 * Groups rows into UNLOGGED batches, so a round trip carries many rows: rows of one
 * partition (one mutation, one replica set), and small partitions that share their
 * replica set, so such a batch still goes to one set of replicas and never makes its
 * coordinator fan out to other nodes (docs/data-model.md, "Batches").
 */
public final class Batches {

	/**
	 * Rows in one batch of a hot partition, one that many requests write (the group
	 * commits of {@link PartitionGroupCommit}): a batch of one partition is one mutation,
	 * which Cassandra's batch size thresholds do not apply to, and few large mutations of
	 * a partition cost the node less than many small ones.
	 */
	public static final int HOT_PARTITION_MAX_ROWS = 1000;

	private Batches() {
	}

	/**
	 * The rows as statements of at most {@code maxRows} rows each; a single row stays a
	 * plain statement. Every statement is idempotent only if every row is.
	 */
	public static List<Statement<?>> ofOnePartition(List<BoundStatement> rows, int maxRows,
			ConsistencyLevel consistency) {
		List<Statement<?>> statements = new ArrayList<>((rows.size() + maxRows - 1) / maxRows);
		for (int start = 0; start < rows.size(); start += maxRows) {
			statements.add(asOne(rows.subList(start, Math.min(rows.size(), start + maxRows)), consistency));
		}
		return statements;
	}

	/**
	 * The rows as one statement: a single row as itself, more as an UNLOGGED batch,
	 * idempotent only if every row is.
	 */
	private static Statement<?> asOne(List<BoundStatement> rows, ConsistencyLevel consistency) {
		if (rows.size() == 1) {
			return rows.get(0).setConsistencyLevel(consistency);
		}
		boolean idempotent = true;
		for (BoundStatement row : rows) {
			idempotent &= Boolean.TRUE.equals(row.isIdempotent());
		}
		return BatchStatement.newInstance(BatchType.UNLOGGED)
			.addAll(rows)
			.setConsistencyLevel(consistency)
			.setIdempotent(idempotent);
	}

	/**
	 * The rows of many partitions as few statements: a partition with more than half of
	 * the limit's rows goes as {@link #ofOnePartition its own batches}; smaller ones are
	 * put together with others of the same replica set (by the session's token map),
	 * within the limits, a partition never split. Without a token map (metadata off)
	 * every partition goes on its own.
	 * @param partitions the rows of each partition; every row of one list names the same
	 * partition
	 */
	public static List<Statement<?>> ofReplicaSets(CqlSession session, List<List<BoundStatement>> partitions,
			BatchLimits limits, ConsistencyLevel consistency) {
		int maxRows = limits.maxRows();
		int maxPartitions = limits.maxPartitions();
		Optional<TokenMap> tokens = session.getMetadata().getTokenMap();
		List<Statement<?>> statements = new ArrayList<>();
		Map<Set<Node>, Open> open = new LinkedHashMap<>();
		for (List<BoundStatement> rows : partitions) {
			Set<Node> replicas = (rows.size() * 2 > maxRows || maxPartitions <= 1) ? null
					: tokens.map((map) -> replicasOf(session, map, rows.get(0))).orElse(null);
			if (replicas == null) {
				statements.addAll(ofOnePartition(rows, maxRows, consistency));
				continue;
			}
			Open batch = open.get(replicas);
			if (batch != null && (batch.rows.size() + rows.size() > maxRows || batch.partitions >= maxPartitions)) {
				statements.add(asOne(batch.rows, consistency));
				batch = null;
			}
			if (batch == null) {
				batch = new Open(new ArrayList<>());
				open.put(replicas, batch);
			}
			batch.rows.addAll(rows);
			batch.partitions++;
		}
		open.values().forEach((batch) -> statements.add(asOne(batch.rows, consistency)));
		return statements;
	}

	private static Set<Node> replicasOf(CqlSession session, TokenMap tokens, BoundStatement row) {
		ByteBuffer key = row.getRoutingKey();
		CqlIdentifier keyspace = row.getRoutingKeyspace();
		if (keyspace == null) {
			keyspace = session.getKeyspace().orElse(null);
		}
		if (key == null || keyspace == null) {
			return null;
		}
		Set<Node> replicas = tokens.getReplicas(keyspace, key);
		return replicas.isEmpty() ? null : replicas;
	}

	/** A batch being filled for one replica set. */
	private static final class Open {

		private final List<BoundStatement> rows;

		private int partitions;

		private Open(List<BoundStatement> rows) {
			this.rows = rows;
		}

	}

}
