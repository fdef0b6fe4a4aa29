package dev.sponge.cassandra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Writes rows of hot partitions by group commit. A partition that every request writes (a
 * metric's {@code latest} values, its catalogue) would otherwise be updated by concurrent
 * requests over and over: Cassandra's busiest code in a remote-write profile was such a
 * partition's concurrent tree updates. So an instance keeps at most one write of a
 * partition in flight: rows that arrive meanwhile wait, and the next write takes all of
 * them, one row per clustering key (the one of the highest order; of equal orders the
 * later arrival). A caller completes when the write holding its rows, or rows that
 * superseded them, has completed, so its answer still means its rows are stored or
 * superseded. An idle partition's first write starts at once: group commit adds no wait
 * where there is no contention.
 *
 * @param <K> the partition key
 * @param <S> the type of statements
 */
public final class PartitionGroupCommit<K, S> {

	private final Cache<K, Partition> partitions;

	private final Function<List<S>, Mono<Void>> write;

	/**
	 * @param write writes statements of rows of one partition, completing when all are
	 * stored
	 * @param idleExpiry how long the state of a partition without writes is kept
	 */
	public PartitionGroupCommit(Function<List<S>, Mono<Void>> write, Duration idleExpiry) {
		this.write = write;
		this.partitions = Caffeine.newBuilder().expireAfterAccess(idleExpiry).build();
	}

	/**
	 * Writes the rows of one partition with the group commit; completes when each row, or
	 * a row that superseded it, is stored.
	 */
	public Mono<Void> write(K partition, List<Row<S>> rows) {
		return Mono.defer(() -> this.partitions.get(partition, (key) -> new Partition()).add(rows));
	}

	/**
	 * One row to write.
	 *
	 * @param key the row's clustering key within its partition
	 * @param order of two rows of one key waiting together, the one of the higher order
	 * is written (a point's time, where the newer point wins in Cassandra too)
	 * @param statement the row's insert
	 * @param <S> the type of statements
	 */
	public record Row<S>(String key, long order, S statement) {
	}

	/** The group commit of one partition. */
	private final class Partition {

		/** Rows waiting for the next write, by key; guarded by this. */
		private Map<String, Row<S>> pending = new HashMap<>();

		/** Completes when the next write has stored {@link #pending}; guarded by this. */
		private Sinks.Empty<Void> next = Sinks.empty();

		/** Whether a write is in flight; guarded by this. */
		private boolean writing;

		Mono<Void> add(List<Row<S>> rows) {
			Sinks.Empty<Void> stored;
			boolean start;
			synchronized (this) {
				for (Row<S> row : rows) {
					this.pending.merge(row.key(), row,
							(waiting, arriving) -> (arriving.order() >= waiting.order()) ? arriving : waiting);
				}
				stored = this.next;
				start = !this.writing;
				this.writing = true;
			}
			if (start) {
				writeNext();
			}
			return stored.asMono();
		}

		/** Writes what is pending; when it is stored, writes what arrived meanwhile. */
		private void writeNext() {
			List<S> statements;
			Sinks.Empty<Void> stored;
			synchronized (this) {
				if (this.pending.isEmpty()) {
					this.writing = false;
					return;
				}
				statements = new ArrayList<>(this.pending.size());
				for (Row<S> row : this.pending.values()) {
					statements.add(row.statement());
				}
				stored = this.next;
				this.pending = new HashMap<>();
				this.next = Sinks.empty();
			}
			Mono.defer(() -> PartitionGroupCommit.this.write.apply(statements)).subscribe(null, (error) -> {
				stored.tryEmitError(error);
				writeNext();
			}, () -> {
				stored.tryEmitEmpty();
				writeNext();
			});
		}

	}

}
