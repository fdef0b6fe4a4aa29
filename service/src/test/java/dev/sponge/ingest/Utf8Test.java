package dev.sponge.ingest;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {

	@Test
	void acceptsEveryWellFormedSequence() {
		String text = "ascii é € 𝄞 \u0000 \uFFFD \uD83D\uDE00 \u07FF \u0800 \uFFFF \uDBFF\uDFFF";
		assertThat(Utf8.firstInvalid(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
		assertThat(Utf8.firstInvalid(new byte[0])).isEqualTo(-1);
	}

	@Test
	void findsTheFirstByteOfEveryIllFormedSequence() {
		assertThat(invalidAt(0x41, 0xFF)).isEqualTo(1);
		assertThat(invalidAt(0x80)).as("lone continuation byte").isZero();
		assertThat(invalidAt(0xC0, 0x80)).as("overlong NUL").isZero();
		assertThat(invalidAt(0xE0, 0x80, 0x80)).as("overlong three bytes").isZero();
		assertThat(invalidAt(0xED, 0xA0, 0x80)).as("encoded surrogate").isZero();
		assertThat(invalidAt(0xF4, 0x90, 0x80, 0x80)).as("beyond U+10FFFF").isZero();
		assertThat(invalidAt(0x41, 0xE2, 0x82)).as("truncated at the end").isEqualTo(1);
		assertThat(invalidAt(0xC3, 0x28)).as("bad continuation").isZero();
		assertThat(invalidAt(0xF8, 0x88, 0x80, 0x80, 0x80)).as("five-byte form").isZero();
	}

	private static int invalidAt(int... bytes) {
		byte[] data = new byte[bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			data[i] = (byte) bytes[i];
		}
		return Utf8.firstInvalid(data);
	}

}
