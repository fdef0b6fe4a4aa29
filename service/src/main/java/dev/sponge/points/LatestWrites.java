package dev.sponge.points;

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
 * Writes the {@code latest} rows of each (tenant, metric) partition by group commit.
 * Every request that writes a metric rewrites rows of the metric's one partition; written
 * one request at a time, concurrent requests update that partition over and over
 * (Cassandra's busiest code in a remote-write profile was the partition's concurrent tree
 * updates). So an instance keeps at most one write of a partition in flight: rows that
 * arrive meanwhile wait, and the next write takes all of them, one row per series (the
 * newest point; a row of an older point would lose to it in Cassandra anyway). A request
 * completes when the write holding its rows, or a newer row of the same series, has
 * completed, so its answer still means its latest values are stored or superseded. An
 * idle partition's first write starts at once: group commit adds no wait where there is
 * no contention.
 */
final class LatestWrites<S> {

	private final Cache<Key, Partition> partitions;

	private final Function<List<S>, Mono<Void>> write;

	/**
	 * @param write writes statements of rows of one partition, completing when all are
	 * stored
	 * @param idleExpiry how long the state of a partition without writes is kept
	 */
	LatestWrites(Function<List<S>, Mono<Void>> write, Duration idleExpiry) {
		this.write = write;
		this.partitions = Caffeine.newBuilder().expireAfterAccess(idleExpiry).build();
	}

	/**
	 * Writes the rows of one partition with the group commit; completes when each row, or
	 * a newer row of its series, is stored.
	 */
	Mono<Void> write(String tenant, String metric, List<Row<S>> rows) {
		return Mono.defer(() -> this.partitions.get(new Key(tenant, metric), (key) -> new Partition()).add(rows));
	}

	/**
	 * One {@code latest} row to write.
	 *
	 * @param seriesId the row's clustering key
	 * @param ts the point's time, epoch milliseconds: the newer of two rows of a series
	 * wins
	 * @param statement the row's insert
	 * @param <S> the type of statements
	 */
	record Row<S>(String seriesId, long ts, S statement) {
	}

	private record Key(String tenant, String metric) {
	}

	/** The group commit of one partition. */
	private final class Partition {

		/** Rows waiting for the next write, by series; guarded by this. */
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
					this.pending.merge(row.seriesId(), row,
							(waiting, arriving) -> (arriving.ts() >= waiting.ts()) ? arriving : waiting);
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
			Mono.defer(() -> LatestWrites.this.write.apply(statements)).subscribe(null, (error) -> {
				stored.tryEmitError(error);
				writeNext();
			}, () -> {
				stored.tryEmitEmpty();
				writeNext();
			});
		}

	}

}
