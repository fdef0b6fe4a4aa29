package dev.sponge.deploy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus operator's PrometheusRule carries exactly the alert groups of
 * {@code docs/prometheus/sponge-alerts.yml}, the file promtool and a real Prometheus
 * check.
 */
class PrometheusRuleTest {

	@Test
	void prometheusRuleHasTheSameGroupsAsTheCheckedRulesFile() {
		Map<String, Object> rulesFile = new Yaml().load(Repository.read("docs/prometheus/sponge-alerts.yml"));
		Map<String, Object> prometheusRule = new Yaml()
			.load(Repository.read("k8s/base/monitoring/prometheus-rule.yaml"));
		@SuppressWarnings("unchecked")
		Map<String, Object> spec = (Map<String, Object>) prometheusRule.get("spec");
		assertThat(spec.get("groups")).isEqualTo(rulesFile.get("groups"));
	}

}
