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

}
