package dev.sponge.series;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesNamingTest {

	/** The documented rules (docs/api.md), as the regular expressions users read. */
	private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]{0,127}");

	private static final Pattern METRIC = Pattern.compile("[A-Za-z_:][A-Za-z0-9_.:-]{0,127}");

	private static final String ALPHABET = "aZ_09.:-/ é\u00a0\u0000$";

	@Test
	void namesAUserWritesAreValidAndTheRuleIsNamedWhenOneIsNot() {
		assertThat(SeriesNaming.metricProblem("room.temperature")).isNull();
		assertThat(SeriesNaming.metricProblem(":node_cpu:rate5m")).isNull();
		assertThat(SeriesNaming.metricProblem("x".repeat(128))).isNull();
		assertThat(SeriesNaming.metricProblem("x".repeat(129)))
			.isEqualTo("must match [A-Za-z_:][A-Za-z0-9_.:-]{0,127}");
		assertThat(SeriesNaming.metricProblem("")).isEqualTo("must not be empty");
		assertThat(SeriesNaming.tagKeyProblem("k8s.pod-name")).isNull();
		assertThat(SeriesNaming.tagKeyProblem(":site")).isEqualTo("must match [A-Za-z_][A-Za-z0-9_.:-]{0,127}");
		assertThat(SeriesNaming.tagKeyProblem("9lives")).isNotNull();
		assertThat(SeriesNaming.tagKeyProblem("site name")).isNotNull();
		assertThat(SeriesNaming.tagKeyProblem("caf\u00e9")).isNotNull();
	}

	@Test
	void everyNameIsJudgedAsTheDocumentedRegularExpressionsJudgeIt() {
		Random random = new Random(20261130);
		for (int i = 0; i < 200_000; i++) {
			StringBuilder name = new StringBuilder();
			int length = 1 + ((random.nextInt(10) == 0) ? 120 + random.nextInt(16) : random.nextInt(6));
			for (int j = 0; j < length; j++) {
				name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
			}
			String candidate = name.toString();
			assertThat(SeriesNaming.tagKeyProblem(candidate) == null).as(candidate)
				.isEqualTo(TAG_KEY.matcher(candidate).matches());
			assertThat(SeriesNaming.metricProblem(candidate) == null).as(candidate)
				.isEqualTo(METRIC.matcher(candidate).matches());
		}
	}

}
