package dev.sponge.query;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.sponge.problem.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TimeParameterTest {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	@Test
	void acceptsEpochMillisRfc3339NowAndRelativeTimes() {
		assertThat(TimeParameter.parse("from", "1764057600000", NOW)).isEqualTo(1764057600000L);
		assertThat(TimeParameter.parse("from", "2026-11-25T11:00:00+01:00", NOW))
			.isEqualTo(Instant.parse("2026-11-25T10:00:00Z").toEpochMilli());
		assertThat(TimeParameter.parse("to", "now", NOW)).isEqualTo(NOW.toEpochMilli());
		assertThat(TimeParameter.parse("from", "-15m", NOW)).isEqualTo(NOW.toEpochMilli() - 900_000);
		assertThat(TimeParameter.parse("from", "-1h", NOW)).isEqualTo(NOW.toEpochMilli() - 3_600_000);
		assertThat(TimeParameter.parse("from", "-7d", NOW)).isEqualTo(NOW.toEpochMilli() - 7 * 86_400_000L);
	}

	@Test
	void anythingElseIsA400NamingTheParameter() {
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> TimeParameter.parse("from", "yesterday", NOW))
			.satisfies((p) -> assertThat(p.detail()).startsWith("from 'yesterday' is not a time"));
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> TimeParameter.parse("to", "-5y", NOW));
	}

}
