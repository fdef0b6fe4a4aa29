package dev.sponge.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sponge.problem.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CursorCodecTest {

	private static final List<String> SCOPE = List.of("points", "acme", "cpu");

	private final CursorCodec codec = new CursorCodec(key('a'));

	@Test
	void roundTripsPositionsForTheSameQuery() {
		String cursor = this.codec.encode(SCOPE, "1", "2", "abc", "3");
		assertThat(this.codec.decode(cursor, SCOPE, 4)).containsExactly("1", "2", "abc", "3");
	}

	@Test
	void refusesACursorOfAnotherTenantOrQuery() {
		String cursor = this.codec.encode(SCOPE, "1", "2", "abc", "3");
		assertThatExceptionOfType(ApiProblem.class)
			.isThrownBy(() -> this.codec.decode(cursor, List.of("points", "globex", "cpu"), 4))
			.withMessageContaining("different query");
		assertThatExceptionOfType(ApiProblem.class)
			.isThrownBy(() -> this.codec.decode(cursor, List.of("points", "acme", "mem"), 4))
			.withMessageContaining("different query");
	}

	@Test
	void refusesACursorWhosePositionsWereAltered() {
		String cursor = this.codec.encode(SCOPE, "1", "2", "abc", "3");
		String payload = new String(Base64.getUrlDecoder().decode(cursor.substring(0, cursor.indexOf('.'))),
				StandardCharsets.UTF_8);
		String altered = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(payload.replace("abc", "abd").getBytes(StandardCharsets.UTF_8))
				+ cursor.substring(cursor.indexOf('.'));
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> this.codec.decode(altered, SCOPE, 4))
			.withMessageContaining("not valid");
	}

	@Test
	void refusesACursorSignedWithAnotherKey() {
		String foreign = new CursorCodec(key('b')).encode(SCOPE, "1", "2", "abc", "3");
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> this.codec.decode(foreign, SCOPE, 4))
			.withMessageContaining("not valid");
	}

	@Test
	void refusesAnUnsignedOrGarbledCursor() {
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> this.codec.decode("%%%", SCOPE, 1));
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> this.codec.decode("YWJj", SCOPE, 1));
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> this.codec.decode("YWJj.", SCOPE, 1));
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> this.codec.decode(".%%", SCOPE, 1));
	}

	private static byte[] key(char fill) {
		return String.valueOf(fill).repeat(32).getBytes(StandardCharsets.UTF_8);
	}

}
