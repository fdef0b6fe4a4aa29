package dev.sponge.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus operator's PrometheusRule carries exactly the rule groups of
 * {@code docs/prometheus/sponge-alerts.yml}, the file promtool and a real Prometheus
 * check, and every alert links a runbook that exists.
 */
class PrometheusRuleTest {

	private static final String RUNBOOKS = "docs/runbooks/";

	/** What an on-call needs from every runbook, in this order. */
	private static final List<String> SECTIONS = List.of("## What it means", "## What users see", "## How to check",
			"## What to do");

	@Test
	void prometheusRuleHasTheSameGroupsAsTheCheckedRulesFile() {
		Map<String, Object> rulesFile = new Yaml().load(Repository.read("docs/prometheus/sponge-alerts.yml"));
		Map<String, Object> prometheusRule = new Yaml()
			.load(Repository.read("k8s/base/monitoring/prometheus-rule.yaml"));
		@SuppressWarnings("unchecked")
		Map<String, Object> spec = (Map<String, Object>) prometheusRule.get("spec");
		assertThat(spec.get("groups")).isEqualTo(rulesFile.get("groups"));
	}

	@Test
	void everyAlertLinksItsRunbookWhichSaysWhatToDo() {
		Map<String, Object> rules = new Yaml().load(Repository.read("docs/prometheus/sponge-alerts.yml"));
		List<String> problems = new ArrayList<>();
		for (Map<String, Object> group : AlertRulesTest.maps(rules.get("groups"))) {
			for (Map<String, Object> rule : AlertRulesTest.maps(group.get("rules"))) {
				if (rule.get("alert") == null) {
					continue;
				}
				String alert = (String) rule.get("alert");
				@SuppressWarnings("unchecked")
				Map<String, Object> annotations = (Map<String, Object>) rule.getOrDefault("annotations", Map.of());
				String runbook = RUNBOOKS + alert + ".md";
				if (!runbook.equals(annotations.get("runbook_url"))) {
					problems.add(alert + ": runbook_url is " + annotations.get("runbook_url") + ", not " + runbook);
				}
				if (!Files.isRegularFile(Repository.path(runbook))) {
					problems.add(alert + ": " + runbook + " does not exist");
					continue;
				}
				String text = Repository.read(runbook);
				if (!text.startsWith("# " + alert + "\n")) {
					problems.add(runbook + " does not start with the heading # " + alert);
				}
				int from = 0;
				for (String section : SECTIONS) {
					int at = text.indexOf("\n" + section + "\n", from);
					if (at < 0) {
						problems.add(runbook + " lacks the section " + section + ", or has it out of order");
					}
					else {
						from = at;
					}
				}
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void everyRunbookBelongsToAnAlert() throws IOException {
		List<String> alerts = AlertRulesTest.alertNames();
		try (Stream<Path> files = Files.list(Repository.path(RUNBOOKS))) {
			List<String> orphans = files.map((f) -> f.getFileName().toString())
				.filter((name) -> !name.equals("README.md"))
				.map((name) -> name.replaceFirst("\\.md$", ""))
				.filter((name) -> !alerts.contains(name))
				.toList();
			assertThat(orphans).as("runbooks in " + RUNBOOKS + " without an alert of that name").isEmpty();
		}
	}

}
