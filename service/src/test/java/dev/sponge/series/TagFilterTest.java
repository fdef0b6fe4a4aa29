package dev.sponge.series;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sponge.problem.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TagFilterTest {

	@Test
	void exactAlternativesAndPresenceFiltersMatchAsDocumented() {
		List<TagFilter> filters = TagFilter.parseAll(List.of("site:lab|office", "rack:*"));
		assertThat(TagFilter.matchesAll(filters, Map.of("site", "lab", "rack", "1"))).isTrue();
		assertThat(TagFilter.matchesAll(filters, Map.of("site", "office", "rack", "2"))).isTrue();
		assertThat(TagFilter.matchesAll(filters, Map.of("site", "home", "rack", "1"))).isFalse();
		assertThat(TagFilter.matchesAll(filters, Map.of("site", "lab"))).isFalse();
	}

	@Test
	void valuesMayContainColons() {
		List<TagFilter> filters = TagFilter.parseAll(List.of("url:http://x"));
		assertThat(TagFilter.matchesAll(filters, Map.of("url", "http://x"))).isTrue();
	}

	@Test
	void malformedFiltersAreA400NamingEachOne() {
		assertThatExceptionOfType(ApiProblem.class)
			.isThrownBy(() -> TagFilter.parseAll(List.of("nocolon", "9x:1", "k:")))
			.satisfies((p) -> assertThat(p.errors()).hasSize(3));
	}

}
