package dev.sponge.cassandra;

import java.util.ArrayList;
import java.util.List;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;

/**
 * Groups rows of one partition into UNLOGGED batches: one mutation per batch, sent to one
 * replica set, instead of a round trip per row. Callers only ever pass rows of one
 * partition (docs/data-model.md).
 */
public final class Batches {

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
			int end = Math.min(rows.size(), start + maxRows);
			if (end - start == 1) {
				statements.add(rows.get(start).setConsistencyLevel(consistency));
				continue;
			}
			boolean idempotent = true;
			for (int i = start; i < end; i++) {
				idempotent &= Boolean.TRUE.equals(rows.get(i).isIdempotent());
			}
			statements.add(BatchStatement.newInstance(BatchType.UNLOGGED)
				.addAll(rows.subList(start, end))
				.setConsistencyLevel(consistency)
				.setIdempotent(idempotent));
		}
		return statements;
	}

}
