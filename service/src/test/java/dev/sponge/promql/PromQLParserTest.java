package dev.sponge.promql;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sponge.promql.Expr.Aggregate;
import dev.sponge.promql.Expr.Binary;
import dev.sponge.promql.Expr.Call;
import dev.sponge.promql.Expr.Cardinality;
import dev.sponge.promql.Expr.MatrixSelector;
import dev.sponge.promql.Expr.Negation;
import dev.sponge.promql.Expr.NumberLiteral;
import dev.sponge.promql.Expr.Subquery;
import dev.sponge.promql.Expr.VectorSelector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromQLParserTest {

	@Test
	void selectorWithEveryMatcherKindKeepsNameAndMatchers() {
		VectorSelector selector = (VectorSelector) PromQL
			.parse("http_requests_total{job=\"api\", code!='500', path=~`/v1/.*`, method!~\"GET|HEAD\"}");
		assertThat(selector.matchers()).extracting(Matcher::toString)
			.containsExactly("__name__=\"http_requests_total\"", "job=\"api\"", "code!=\"500\"", "path=~\"/v1/.*\"",
					"method!~\"GET|HEAD\"");
	}

	@Test
	void regularExpressionMatchersAreFullyAnchored() {
		VectorSelector selector = (VectorSelector) PromQL.parse("up{job=~\"api\"}");
		Matcher job = selector.matchers().get(1);
		assertThat(job.matches("api")).isTrue();
		assertThat(job.matches("api-2")).isFalse();
		assertThat(job.matches("my-api")).isFalse();
	}

	@Test
	void quotedMetricNameInBracesSelectsNamesPromQLCannotSpellBare() {
		VectorSelector selector = (VectorSelector) PromQL.parse("{\"room.temperature\", site=\"lab\"}");
		assertThat(selector.matchers().get(0).toString()).isEqualTo("__name__=\"room.temperature\"");
	}

	@Test
	void rangeOffsetAndSubqueryAreReadAsDurations() {
		Call rate = (Call) PromQL.parse("rate(foo[1h30m] offset 5m)");
		MatrixSelector range = (MatrixSelector) rate.args().get(0);
		assertThat(range.range()).isEqualTo(5_400_000L);
		assertThat(range.selector().offset()).isEqualTo(300_000L);
		Subquery subquery = (Subquery) ((Call) PromQL.parse("max_over_time(rate(foo[5m])[1h:1m] offset -1m)")).args()
			.get(0);
		assertThat(subquery.range()).isEqualTo(3_600_000L);
		assertThat(subquery.step()).isEqualTo(60_000L);
		assertThat(subquery.offset()).isEqualTo(-60_000L);
	}

	@Test
	void operatorPrecedenceFollowsPrometheus() {
		Binary sum = (Binary) PromQL.parse("1 + 2 * 3 ^ 2 ^ 2");
		assertThat(sum.op()).isEqualTo("+");
		Binary product = (Binary) sum.rhs();
		assertThat(product.op()).isEqualTo("*");
		Binary power = (Binary) product.rhs();
		assertThat(power.rhs()).isInstanceOf(Binary.class);
		assertThat(PromQL.parse("-foo ^ 2")).isInstanceOf(Negation.class);
		assertThat(((Binary) PromQL.parse("a or b and c")).op()).isEqualTo("or");
		assertThat(PromQL.parse("-1")).isEqualTo(new NumberLiteral(-1));
	}

	@Test
	void vectorMatchingModifiersAreKept() {
		Binary binary = (Binary) PromQL.parse("a / on(job, instance) group_left(version) b");
		assertThat(binary.matching().card()).isEqualTo(Cardinality.MANY_TO_ONE);
		assertThat(binary.matching().on()).isTrue();
		assertThat(binary.matching().labels()).containsExactly("job", "instance");
		assertThat(binary.matching().include()).containsExactly("version");
		Binary comparison = (Binary) PromQL.parse("a > bool ignoring(x) b");
		assertThat(comparison.returnBool()).isTrue();
		assertThat(comparison.matching().on()).isFalse();
	}

	@Test
	void aggregationsTakeGroupingBeforeOrAfterTheirArguments() {
		Aggregate before = (Aggregate) PromQL.parse("sum by (job) (rate(foo[5m]))");
		Aggregate after = (Aggregate) PromQL.parse("sum(rate(foo[5m])) by (job)");
		assertThat(before).isEqualTo(after);
		Aggregate topk = (Aggregate) PromQL.parse("topk without (instance) (3, foo)");
		assertThat(topk.param()).isEqualTo(new NumberLiteral(3));
		assertThat(topk.without()).isTrue();
		assertThat(topk.grouping()).isEqualTo(List.of("instance"));
	}

	@Test
	void numberLiteralsIncludeHexInfAndNaN() {
		assertThat(PromQL.parse("0x1F")).isEqualTo(new NumberLiteral(31));
		assertThat(PromQL.parse("+Inf")).isEqualTo(new NumberLiteral(Double.POSITIVE_INFINITY));
		assertThat(((NumberLiteral) PromQL.parse("NaN")).value()).isNaN();
		assertThat(PromQL.parse("1.5e3")).isEqualTo(new NumberLiteral(1500));
	}

	@ParameterizedTest
	@ValueSource(strings = { "sum(", "foo{", "foo[5m", "rate(foo)", "foo[5m] + 1", "1 > 2", "{}", "{job=~\".*\"}",
			"unknown_fn(foo)", "foo offset 5m offset 1m", "(foo)[5m]", "foo{job=~\"(\"}", "1 and 2", "sum(1)",
			"topk(foo, bar)", "rate(foo[5m])[1h:1m] offset", "foo = bar", "label_join(foo, 1, \"a\", \"b\")" })
	void invalidQueriesAreBadDataNamingTheirPosition(String query) {
		assertThatThrownBy(() -> PromQL.parse(query)).isInstanceOfSatisfying(PromQLException.class, (ex) -> {
			assertThat(ex.kind()).isEqualTo(PromQLException.Kind.BAD_DATA);
			assertThat(ex.getMessage()).matches("\\d+:\\d+: parse error: .+");
		});
	}

	@Test
	void parseErrorNamesLineAndColumnOfTheProblem() {
		assertThatThrownBy(() -> PromQL.parse("sum(rate(foo[5m])) +* 2")).hasMessageStartingWith("1:21: parse error:");
	}

	@Test
	void knownFunctionsSpongeDoesNotEvaluateAreExecutionErrorsNamingThem() {
		assertThatThrownBy(() -> PromQL.parse("holt_winters(foo[5m], 0.5, 0.5)"))
			.isInstanceOfSatisfying(PromQLException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(PromQLException.Kind.EXECUTION))
			.hasMessageContaining("holt_winters()");
	}

}
