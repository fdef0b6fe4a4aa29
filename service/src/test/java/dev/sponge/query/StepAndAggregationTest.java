package dev.sponge.query;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sponge.problem.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StepAndAggregationTest {

	@Test
	void stepsAreShortFormsOrIsoDurationsFromOneSecondToOneDay() {
		assertThat(Step.parseMillis("1s")).isEqualTo(1_000L);
		assertThat(Step.parseMillis("30s")).isEqualTo(30_000L);
		assertThat(Step.parseMillis("1m")).isEqualTo(60_000L);
		assertThat(Step.parseMillis("5m")).isEqualTo(300_000L);
		assertThat(Step.parseMillis("1h")).isEqualTo(3_600_000L);
		assertThat(Step.parseMillis("1d")).isEqualTo(86_400_000L);
		assertThat(Step.parseMillis("PT1M")).isEqualTo(60_000L);
		assertThat(Step.parseMillis("PT15S")).isEqualTo(15_000L);
		assertThat(Step.parseMillis("P1D")).isEqualTo(86_400_000L);
	}

	@Test
	void anyOtherStepIsA400NamingTheAllowedForms() {
		for (String step : List.of("0s", "500ms", "2d", "PT0.5S", "PT25H", "1 m", "1y", "", "-1m", "PT1.5S")) {
			assertThatExceptionOfType(ApiProblem.class).as(step)
				.isThrownBy(() -> Step.parseMillis(step))
				.satisfies((problem) -> assertThat(problem.detail()).startsWith("step '" + step + "' is not a step")
					.contains("30s, 1m, 5m, 1h, 1d", "PT1M"));
		}
	}

	@Test
	void aggregationsAreACommaSeparatedListInTheOrderGiven() {
		assertThat(Aggregation.parseAll("max,avg,p99,count")).containsExactly(Aggregation.MAX, Aggregation.AVG,
				Aggregation.P99, Aggregation.COUNT);
	}

	@Test
	void anUnknownRepeatedOrMissingAggregationIsA400() {
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> Aggregation.parseAll("avg,median"))
			.satisfies((problem) -> assertThat(problem.detail()).startsWith("agg 'median' is not an aggregation")
				.contains("avg min max sum count first last p50 p90 p99"));
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> Aggregation.parseAll("avg,avg"))
			.satisfies((problem) -> assertThat(problem.detail()).isEqualTo("agg names 'avg' more than once"));
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> Aggregation.parseAll(""));
	}

}
