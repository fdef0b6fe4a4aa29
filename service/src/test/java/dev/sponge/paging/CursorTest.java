package dev.sponge.paging;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sponge.problem.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CursorTest {

	@Test
	void roundTripsPositionsForTheSameQuery() {
		String cursor = Cursor.encode(List.of("points", "acme", "cpu"), "1", "2", "abc", "3");
		assertThat(Cursor.decode(cursor, List.of("points", "acme", "cpu"), 4)).containsExactly("1", "2", "abc", "3");
	}

	@Test
	void cursorOfAnotherTenantOrQueryIsRefused() {
		String cursor = Cursor.encode(List.of("points", "acme", "cpu"), "1", "2", "abc", "3");
		assertThatExceptionOfType(ApiProblem.class)
			.isThrownBy(() -> Cursor.decode(cursor, List.of("points", "globex", "cpu"), 4))
			.satisfies((p) -> assertThat(p.detail()).contains("different query"));
	}

	@Test
	void garbageIsA400() {
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> Cursor.decode("%%%", List.of("x"), 1));
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> Cursor.decode("YWJj", List.of("x"), 1));
	}

}
