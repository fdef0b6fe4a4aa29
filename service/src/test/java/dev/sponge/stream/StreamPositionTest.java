package dev.sponge.stream;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import org.junit.jupiter.api.Test;

import dev.sponge.paging.CursorCodec;
import dev.sponge.problem.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StreamPositionTest {

	private final CursorCodec codec = new CursorCodec("k".repeat(32).getBytes(StandardCharsets.UTF_8));

	private final List<String> scope = StreamQuery.of("tenant-a", "room.temperature", List.of("site:lab")).scope();

	@Test
	void aResumeIdDecodesToThePositionItWasIssuedFor() {
		StreamPosition position = new StreamPosition(Uuids.timeBased(), 41);

		assertThat(StreamPosition.decode(this.codec, position.encode(this.codec, this.scope), this.scope))
			.isEqualTo(position);
	}

	@Test
	void aResumeIdOfAnotherTenantOrQueryIsRefused() {
		String id = new StreamPosition(Uuids.timeBased(), 0).encode(this.codec, this.scope);

		for (List<String> other : List.of(StreamQuery.of("tenant-b", "room.temperature", List.of("site:lab")).scope(),
				StreamQuery.of("tenant-a", "room.humidity", List.of("site:lab")).scope(),
				StreamQuery.of("tenant-a", "room.temperature", null).scope())) {
			assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> StreamPosition.decode(this.codec, id, other))
				.satisfies((problem) -> assertThat(problem.status().value()).isEqualTo(400));
		}
	}

	@Test
	void aDamagedResumeIdIsRefused() {
		assertThatExceptionOfType(ApiProblem.class)
			.isThrownBy(() -> StreamPosition.decode(this.codec, "%%%", this.scope));
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(
				() -> StreamPosition.decode(this.codec, this.codec.encode(this.scope, "not-a-uuid", "0"), this.scope));
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> StreamPosition.decode(this.codec,
				this.codec.encode(this.scope, java.util.UUID.randomUUID().toString(), "0"), this.scope));
	}

	@Test
	void aPositionAfterAMillisecondComesAfterEveryRowWrittenInIt() {
		long now = System.currentTimeMillis();
		StreamPosition after = StreamPosition.after(now);

		assertThat(new StreamPosition(Uuids.startOf(now), 0).isBefore(after)).isTrue();
		assertThat(after.epochMillis()).isEqualTo(now);
		assertThat(after.isBefore(new StreamPosition(Uuids.startOf(now + 1), 0))).isTrue();
	}

}
