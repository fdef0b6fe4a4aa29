package dev.sponge.cassandra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group commit of a hot partition's rows, with a partition write the test completes
 * by hand: what is written when, and when each request's rows count as stored.
 */
class PartitionGroupCommitTest {

	/** The writes started, in order, each with the statements it was given. */
	private final List<Write> writes = new ArrayList<>();

	private final PartitionGroupCommit<String, String> latest = new PartitionGroupCommit<>((statements) -> {
		Write write = new Write(List.copyOf(statements), Sinks.empty());
		this.writes.add(write);
		return write.done().asMono();
	}, Duration.ofMinutes(10));

	@Test
	void theFirstWriteOfAnIdlePartitionStartsAtOnce() {
		Outcome first = outcome(this.latest.write("t/cpu", List.of(row("a", 1), row("b", 1))));

		assertThat(this.writes).singleElement()
			.satisfies((write) -> assertThat(write.statements()).containsExactlyInAnyOrder("a@1", "b@1"));
		assertThat(first.done()).isFalse();
		this.writes.get(0).done().tryEmitEmpty();
		assertThat(first.done()).isTrue();
	}

	@Test
	void rowsArrivingDuringAWriteGoInTheNextOneWithOneRowPerKeyTheNewest() {
		Outcome first = outcome(this.latest.write("t/cpu", List.of(row("a", 1))));
		Outcome second = outcome(this.latest.write("t/cpu", List.of(row("a", 3), row("b", 2))));
		Outcome third = outcome(this.latest.write("t/cpu", List.of(row("a", 2), row("c", 2))));
		assertThat(this.writes).hasSize(1);

		this.writes.get(0).done().tryEmitEmpty();

		assertThat(first.done()).isTrue();
		assertThat(this.writes).hasSize(2);
		assertThat(this.writes.get(1).statements()).containsExactlyInAnyOrder("a@3", "b@2", "c@2");
		assertThat(second.done()).isFalse();
		assertThat(third.done()).as("its row of a lost to a newer one, which it waits for").isFalse();
		this.writes.get(1).done().tryEmitEmpty();
		assertThat(second.done()).isTrue();
		assertThat(third.done()).isTrue();
		assertThat(this.writes).as("nothing left to write").hasSize(2);
	}

	@Test
	void ofTwoRowsOfTheSameOrderTheLaterArrivalIsWritten() {
		this.latest.write("t/cpu", List.of(row("a", 1))).subscribe();
		this.latest.write("t/cpu", List.of(new PartitionGroupCommit.Row<>("a", 5, "first"))).subscribe();
		this.latest.write("t/cpu", List.of(new PartitionGroupCommit.Row<>("a", 5, "second"))).subscribe();

		this.writes.get(0).done().tryEmitEmpty();

		assertThat(this.writes.get(1).statements()).containsExactly("second");
	}

	@Test
	void aFailedWriteFailsTheRequestsWaitingForItAndTheNextWriteStillRuns() {
		Outcome first = outcome(this.latest.write("t/cpu", List.of(row("a", 1))));
		Outcome second = outcome(this.latest.write("t/cpu", List.of(row("b", 1))));

		this.writes.get(0).done().tryEmitError(new IllegalStateException("node down"));

		assertThat(first.error()).hasMessage("node down");
		assertThat(this.writes).hasSize(2);
		this.writes.get(1).done().tryEmitEmpty();
		assertThat(second.done()).isTrue();
		assertThat(second.error()).isNull();
	}

	@Test
	void otherPartitionsAreWrittenApartAndAtOnce() {
		this.latest.write("t/cpu", List.of(row("a", 1))).subscribe();
		this.latest.write("t/mem", List.of(row("a", 1))).subscribe();
		this.latest.write("u/cpu", List.of(row("a", 1))).subscribe();

		assertThat(this.writes).hasSize(3);
	}

	private static PartitionGroupCommit.Row<String> row(String series, long ts) {
		return new PartitionGroupCommit.Row<>(series, ts, series + "@" + ts);
	}

	private static Outcome outcome(Mono<Void> write) {
		Outcome outcome = new Outcome();
		write.subscribe(null, (error) -> {
			outcome.error.set(error);
			outcome.done = true;
		}, () -> outcome.done = true);
		return outcome;
	}

	private record Write(List<String> statements, Sinks.Empty<Void> done) {
	}

	private static final class Outcome {

		private volatile boolean done;

		private final AtomicReference<Throwable> error = new AtomicReference<>();

		boolean done() {
			return this.done;
		}

		Throwable error() {
			return this.error.get();
		}

	}

}
