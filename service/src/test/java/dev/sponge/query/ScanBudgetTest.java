package dev.sponge.query;

import org.junit.jupiter.api.Test;

import dev.sponge.problem.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ScanBudgetTest {

	@Test
	void aPageMayReadUpToTheCapAndTheNextPointIsA400NamingTheProperty() {
		ScanBudget budget = new ScanBudget(3);
		assertThat(budget.readLimit()).isEqualTo(4);
		budget.spend();
		budget.spend();
		assertThat(budget.readLimit()).isEqualTo(2);
		budget.spend();

		assertThatExceptionOfType(ApiProblem.class).isThrownBy(budget::spend)
			.satisfies((problem) -> assertThat(problem.detail())
				.startsWith("The query reads more than 3 points (sponge.query.max-scanned-points)"));
	}

}
