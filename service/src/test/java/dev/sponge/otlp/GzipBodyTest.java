package dev.sponge.otlp;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import dev.sponge.problem.ApiProblem;

import static dev.sponge.otlp.OtlpRequests.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class GzipBodyTest {

	@Test
	void aBodyUpToTheLimitDecompressesExactlyAcrossMembers() {
		byte[] first = "first member ".repeat(10_000).getBytes();
		byte[] second = new byte[200_000];
		Arrays.fill(second, (byte) 7);
		ByteArrayOutputStream both = new ByteArrayOutputStream();
		both.writeBytes(gzip(first));
		both.writeBytes(gzip(second));
		byte[] expected = new byte[first.length + second.length];
		System.arraycopy(first, 0, expected, 0, first.length);
		System.arraycopy(second, 0, expected, first.length, second.length);

		assertThat(GzipBody.gunzip(both.toByteArray(), expected.length)).isEqualTo(expected);
	}

	@Test
	void oneByteOverTheLimitIs413() {
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> GzipBody.gunzip(gzip(new byte[1001]), 1000))
			.satisfies((problem) -> assertThat(problem.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE))
			.withMessageContaining("more than 1000 bytes");
	}

	@Test
	void truncatedOrForeignDataIs400() {
		byte[] gzipped = gzip("some metrics".repeat(100).getBytes());
		for (byte[] bad : new byte[][] { Arrays.copyOf(gzipped, gzipped.length - 10), "plain".getBytes(),
				new byte[0] }) {
			assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> GzipBody.gunzip(bad, 1 << 20))
				.satisfies((problem) -> assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST))
				.withMessageContaining("not valid gzip data");
		}
	}

}
