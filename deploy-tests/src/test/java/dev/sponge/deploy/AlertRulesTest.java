package dev.sponge.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules behave as the on-call relies on: promtool's unit tests
 * ({@code docs/prometheus/sponge-alerts.test.yml}) feed them input series and check which
 * alerts fire when, and every alert is shown both firing and quiet there.
 */
class AlertRulesTest {

	private static final String RULES = "docs/prometheus/sponge-alerts.yml";

	private static final String UNIT_TESTS = "docs/prometheus/sponge-alerts.test.yml";

	@TempDir
	Path work;

	@Test
	void promtoolUnitTestsOfTheAlertRulesPass() throws Exception {
		Promtool result = promtool(Repository.path(UNIT_TESTS));
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void everyAlertIsTestedFiringAndQuiet() {
		Map<String, Object> unitTests = new Yaml().load(Repository.read(UNIT_TESTS));
		List<String> firing = new ArrayList<>();
		List<String> quiet = new ArrayList<>();
		for (Map<String, Object> test : maps(unitTests.get("tests"))) {
			for (Map<String, Object> check : maps(test.get("alert_rule_test"))) {
				Object expected = check.get("exp_alerts");
				boolean fires = expected instanceof List<?> alerts && !alerts.isEmpty();
				(fires ? firing : quiet).add((String) check.get("alertname"));
			}
		}
		List<String> alerts = alertNames();
		assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
		assertThat(firing).as("alerts with a unit test in which they fire").containsAll(alerts);
		assertThat(quiet).as("alerts with a unit test in which they stay quiet").containsAll(alerts);
	}

	/**
	 * The unit tests catch the regression they exist for: with live streams counted as
	 * API requests, the latency alerts would page for every long-lived stream.
	 */
	@Test
	void unitTestsFailWhenLiveStreamsCountAgainstTheLatencyObjective() throws Exception {
		String rules = Repository.read(RULES);
		String broken = rules.replace("/api/v1/(stream|points)", "/api/v1/(points)");
		assertThat(broken).isNotEqualTo(rules);
		Files.writeString(this.work.resolve("sponge-alerts.yml"), broken);
		Path unitTests = Files.copy(Repository.path(UNIT_TESTS), this.work.resolve("sponge-alerts.test.yml"));

		Promtool result = promtool(unitTests);

		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).contains("latency alerts ignore live streams and ingest uploads")
			.contains("SpongeLatencyBurnFast");
	}

	static List<String> alertNames() {
		Map<String, Object> rules = new Yaml().load(Repository.read(RULES));
		List<String> names = new ArrayList<>();
		for (Map<String, Object> group : maps(rules.get("groups"))) {
			for (Map<String, Object> rule : maps(group.get("rules"))) {
				if (rule.get("alert") != null) {
					names.add((String) rule.get("alert"));
				}
			}
		}
		return names;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> maps(Object list) {
		return (list != null) ? (List<Map<String, Object>>) list : List.of();
	}

	private static Promtool promtool(Path unitTests) throws IOException, InterruptedException {
		Path promtool = Path.of("/usr/bin/promtool");
		assertThat(promtool)
			.as("promtool is missing: apt-get install prometheus (Debian's package; tools/test-packages/provide "
					+ "installs it)")
			.isExecutable();
		Process process = new ProcessBuilder(promtool.toString(), "test", "rules", unitTests.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("promtool finished").isTrue();
		return new Promtool(process.exitValue(), output);
	}

	private record Promtool(int exitCode, String output) {
	}

}
