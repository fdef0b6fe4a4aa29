package dev.sponge.series;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesKeyTest {

	@Test
	void sameMetricAndTagsGiveTheSameIdWhateverTheTagOrder() {
		String a = SeriesKey.of("cpu", Map.of("host", "a", "dc", "x")).id();
		String b = SeriesKey.of("cpu", new java.util.LinkedHashMap<>(Map.of("dc", "x", "host", "a"))).id();
		assertThat(a).isEqualTo(b).hasSize(22).matches("[A-Za-z0-9_-]+");
	}

	@Test
	void differentTagsOrMetricGiveDifferentIds() {
		assertThat(SeriesKey.of("cpu", Map.of("host", "a")).id())
			.isNotEqualTo(SeriesKey.of("cpu", Map.of("host", "b")).id())
			.isNotEqualTo(SeriesKey.of("mem", Map.of("host", "a")).id())
			.isNotEqualTo(SeriesKey.of("cpu", Map.of()).id());
	}

	@Test
	void boundariesBetweenNamesAndValuesCannotBeShifted() {
		assertThat(SeriesKey.of("m", Map.of("a", "bc")).id()).isNotEqualTo(SeriesKey.of("m", Map.of("ab", "c")).id());
	}

	@Test
	void theIdIsTheDocumentedHashSoSeriesWrittenByEarlierVersionsKeepTheirIds() throws Exception {
		SeriesKey key = SeriesKey.of("room.temperature", Map.of("site", "caf\u00e9", "host", "h".repeat(200), "z", ""));

		java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
		for (String part : new String[] { "room.temperature", "host", "h".repeat(200), "site", "caf\u00e9", "z", "" }) {
			byte[] bytes = part.getBytes(java.nio.charset.StandardCharsets.UTF_8);
			sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
			sha.update(bytes);
		}
		String expected = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(java.util.Arrays.copyOf(sha.digest(), 16));

		assertThat(key.id()).isEqualTo(expected);
		assertThat(SeriesKey.of("cpu", Map.of("host", "a")).id()).isEqualTo("LyUXGElShy6AFlWnRJ7k8g");
	}

}
