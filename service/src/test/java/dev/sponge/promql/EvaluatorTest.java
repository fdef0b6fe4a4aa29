package dev.sponge.promql;

import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EvaluatorTest {

	private final Evaluator evaluator = new Evaluator(EvaluationSettings.PROMETHEUS);

	private final InMemorySamples samples = new InMemorySamples()
		.add(Map.of("__name__", "requests_total", "job", "api", "instance", "a"), 0, 0, 15, 15, 30, 30, 45, 45, 60, 60)
		.add(Map.of("__name__", "requests_total", "job", "api", "instance", "b"), 0, 10, 15, 20, 30, 5, 45, 15, 60, 25)
		.add(Map.of("__name__", "requests_total", "job", "web", "instance", "c"), 0, 1, 60, 2)
		.add(Map.of("__name__", "temperature", "site", "lab"), 0, 20, 600, 22)
		.add(Map.of("__name__", "build_info", "job", "api", "version", "1.2"), 0, 1, 60, 1)
		.add(Map.of("__name__", "latency_bucket", "le", "0.1"), 60, 10)
		.add(Map.of("__name__", "latency_bucket", "le", "0.5"), 60, 30)
		.add(Map.of("__name__", "latency_bucket", "le", "+Inf"), 60, 40);

	private Map<String, Double> instant(String query, double seconds) {
		QueryResult result = this.evaluator.instant(PromQL.parse(query), (long) (seconds * 1000), this.samples).block();
		if (result.type() == ValueType.SCALAR) {
			return Map.of("scalar", result.scalar());
		}
		return result.series().stream().collect(Collectors.toMap((s) -> s.labels().toString(), (s) -> s.values()[0]));
	}

	@Test
	void instantSelectorAnswersTheNewestSampleWithinFiveMinutes() {
		assertThat(instant("temperature", 300))
			.containsExactly(Map.entry("{__name__=\"temperature\", site=\"lab\"}", 20.0));
		assertThat(instant("temperature", 301)).isEmpty();
		assertThat(instant("temperature", 600)).containsValue(22.0);
		assertThat(instant("temperature offset 5m", 600)).containsValue(20.0);
	}

	@Test
	void rateCompensatesCounterResetsAndDropsTheMetricName() {
		Map<String, Double> rates = instant("rate(requests_total{job=\"api\"}[1m])", 60);
		assertThat(rates.get("{instance=\"a\", job=\"api\"}")).isCloseTo(1.0, within(1e-9));
		// 10, 20, 5 (reset), 15, 25: an increase of 10 + 5 + 10 + 10 = 35 over the
		// minute.
		assertThat(rates.get("{instance=\"b\", job=\"api\"}")).isCloseTo(35.0 / 60, within(1e-9));
		assertThat(instant("resets(requests_total{instance=\"b\"}[1m])", 60)).containsValue(1.0);
	}

	@Test
	void increaseExtrapolatesToTheRangeEndsAsPrometheusDoes() {
		// Samples at 15..60 in [0, 60]: 45 s sampled, 15 s to the start (under 1.1 of the
		// average interval), so extrapolated by 15 s to 60 s; the counter would reach
		// zero
		// only 15 s before its first sample, so that limits nothing.
		assertThat(instant("increase(requests_total{instance=\"a\"}[50s])", 60).values()).singleElement()
			.satisfies((v) -> assertThat(v).isCloseTo(45.0 * (45 + 5) / 45, within(1e-9)));
	}

	@Test
	void aggregationsGroupByAndWithoutLabels() {
		assertThat(instant("sum by (job) (requests_total)", 60)).containsOnly(Map.entry("{job=\"api\"}", 85.0),
				Map.entry("{job=\"web\"}", 2.0));
		assertThat(instant("count without (instance) (requests_total)", 60))
			.containsOnly(Map.entry("{job=\"api\"}", 2.0), Map.entry("{job=\"web\"}", 1.0));
		assertThat(instant("topk(1, requests_total)", 60))
			.containsOnly(Map.entry("{__name__=\"requests_total\", instance=\"a\", job=\"api\"}", 60.0));
		assertThat(instant("quantile(0.5, requests_total)", 60)).containsValue(25.0);
		assertThat(instant("count_values(\"value\", requests_total)", 60)).containsKey("{value=\"25\"}");
	}

	@Test
	void binaryOperatorsMatchSeriesAndCopyLabelsWithGroupLeft() {
		Map<String, Double> joined = instant("requests_total * on (job) group_left (version) build_info", 60);
		assertThat(joined).containsOnly(Map.entry("{instance=\"a\", job=\"api\", version=\"1.2\"}", 60.0),
				Map.entry("{instance=\"b\", job=\"api\", version=\"1.2\"}", 25.0));
		assertThat(instant("requests_total > 20", 60)).hasSize(2);
		assertThat(instant("requests_total > bool 20", 60)).hasSize(3).containsValue(0.0);
		assertThat(instant("requests_total{job=\"api\"} unless on (instance) requests_total{instance=\"a\"}", 60))
			.containsOnlyKeys("{__name__=\"requests_total\", instance=\"b\", job=\"api\"}");
		assertThatThrownBy(() -> instant("requests_total + on (job) build_info", 60))
			.hasMessageContaining("many-to-one matching must be explicit");
	}

	@Test
	void histogramQuantileInterpolatesWithinTheBucket() {
		// 0.5 * 40 = 20th observation: in (0.1, 0.5], 10 of its 20.
		assertThat(instant("histogram_quantile(0.5, latency_bucket)", 60)).containsOnlyKeys("{}")
			.hasEntrySatisfying("{}", (v) -> assertThat(v).isCloseTo(0.3, within(1e-12)));
	}

	@Test
	void labelReplaceAndJoinRewriteLabels() {
		assertThat(instant("label_replace(temperature, \"room\", \"r-$1\", \"site\", \"(.*)b\")", 600))
			.containsOnlyKeys("{__name__=\"temperature\", room=\"r-la\", site=\"lab\"}");
		assertThat(instant("label_join(build_info, \"id\", \"/\", \"job\", \"version\")", 60))
			.containsOnlyKeys("{__name__=\"build_info\", id=\"api/1.2\", job=\"api\", version=\"1.2\"}");
	}

	@Test
	void absentAnswersOneWithTheLabelsOfItsEqualityMatchers() {
		assertThat(instant("absent(nothing{job=\"x\", path=~\"/a\"})", 60)).containsOnly(Map.entry("{job=\"x\"}", 1.0));
		assertThat(instant("absent(temperature)", 600)).isEmpty();
	}

	@Test
	void scalarsVectorsAndTime() {
		assertThat(instant("1 + 2 * 3", 0)).containsEntry("scalar", 7.0);
		assertThat(instant("time()", 90)).containsEntry("scalar", 90.0);
		assertThat(instant("scalar(temperature)", 600)).containsEntry("scalar", 22.0);
		assertThat(instant("vector(2) - 1", 0)).containsOnly(Map.entry("{}", 1.0));
		assertThat(instant("timestamp(temperature)", 700)).containsValue(600.0);
		assertThat(instant("clamp(temperature, 0, 21)", 600)).containsValue(21.0);
	}

	@Test
	void subqueryEvaluatesItsExpressionAtItsOwnAlignedSteps() {
		// temperature at 0, 60, ..., 600: 20 until 300 (lookback), nothing from 360 to
		// 540,
		// 22 at 600.
		assertThat(instant("max_over_time(temperature[10m:1m])", 600)).containsValue(22.0);
		assertThat(instant("count_over_time(temperature[10m:1m])", 600)).containsValue(7.0);
	}

	@Test
	void rangeQueryAnswersAMatrixAtEveryStep() {
		QueryResult result = this.evaluator.range(PromQL.parse("temperature"), 0, 900_000, 300_000, this.samples)
			.block();
		assertThat(result.type()).isEqualTo(ValueType.MATRIX);
		assertThat(result.series()).singleElement().satisfies((s) -> {
			assertThat(s.ts()).containsExactly(0, 300_000, 600_000, 900_000);
			assertThat(s.values()).containsExactly(20, 20, 22, 22);
		});
	}

	@Test
	void rangeQueryOfARangeVectorIsBadData() {
		assertThatThrownBy(() -> this.evaluator.range(PromQL.parse("temperature[5m]"), 0, 60_000, 15_000, this.samples))
			.isInstanceOfSatisfying(PromQLException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(PromQLException.Kind.BAD_DATA));
	}

}
