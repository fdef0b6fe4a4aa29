package dev.sponge.api;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded randomness and the tally of a fuzz run: cases tried and 5xx answers per
 * category, and every answer that broke the contract (a 5xx, or a 4xx that is not a
 * problem). The seed is printed; {@code -Dsponge.fuzz.seed=N} replays a run exactly.
 */
final class FuzzLedger {

	private final String name;

	private final long seed;

	private final Random random;

	private final Map<String, int[]> counts = new TreeMap<>();

	private final List<String> violations = new ArrayList<>();

	FuzzLedger(String name) {
		this.name = name;
		String configured = System.getProperty("sponge.fuzz.seed");
		this.seed = (configured != null) ? Long.parseLong(configured) : System.nanoTime();
		this.random = new Random(this.seed);
		System.out
			.println("[fuzz] " + name + " seed=" + this.seed + " (replay with -Dsponge.fuzz.seed=" + this.seed + ")");
	}

	Random random() {
		return this.random;
	}

	/**
	 * Records one answer; returns its status. A 5xx, or a 4xx that is not
	 * {@code application/problem+json}, is a violation.
	 */
	int record(String category, String input, HttpResponse<String> response) {
		int[] tally = this.counts.computeIfAbsent(category, (key) -> new int[2]);
		tally[0]++;
		int status = response.statusCode();
		String type = response.headers().firstValue("Content-Type").orElse(null);
		if (status >= 500) {
			tally[1]++;
			violation(category, input, status + " " + response.body());
		}
		else if (status >= 400 && (type == null
				|| !MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(MediaType.parseMediaType(type)))) {
			violation(category, input, status + " without a problem body: " + type);
		}
		else if (status < 200 || status >= 500 || (status >= 300 && status < 400)) {
			violation(category, input, "unexpected " + status);
		}
		return status;
	}

	void violation(String category, String input, String what) {
		if (this.violations.size() < 50) {
			String shown = (input.length() > 300) ? input.substring(0, 300) + "... (" + input.length() + " chars)"
					: input;
			this.violations.add(category + ": " + what + " for " + shown);
		}
	}

	/** Prints the counts to stdout and fails on any violation. */
	void report() {
		int cases = 0;
		int errors = 0;
		StringBuilder line = new StringBuilder("[fuzz] " + this.name + " seed=" + this.seed + ":");
		for (Map.Entry<String, int[]> entry : this.counts.entrySet()) {
			line.append(' ').append(entry.getKey()).append('=').append(entry.getValue()[0]);
			cases += entry.getValue()[0];
			errors += entry.getValue()[1];
		}
		line.append(" | total=").append(cases).append(" 5xx=").append(errors);
		System.out.println(line);
		assertThat(this.violations).as("answers that broke the contract (seed %d)", this.seed).isEmpty();
	}

}
