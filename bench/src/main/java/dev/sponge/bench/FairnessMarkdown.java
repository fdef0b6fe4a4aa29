package dev.sponge.bench;

import java.util.Map;
import java.util.stream.Collectors;

import static dev.sponge.bench.ReportWriter.f;
import static dev.sponge.bench.ReportWriter.yesNo;

/**
 * The fairness section of the markdown report: one row per limit, with what shows the
 * slice means something (A refused by the limit) in bold when it is missing, and B's
 * failures in bold.
 */
final class FairnessMarkdown {

	private FairnessMarkdown() {
	}

	static void append(StringBuilder md, Report r) {
		Fairness.Result fair = r.fairness();
		if (fair == null) {
			return;
		}
		md.append(f("%nFairness: for each limit, tenant B's sequential probe (a JSON write of %d series x %d "
				+ "points, latest of those series, a raw five-minute range of one, in turn) runs %d s alone, then %d s "
				+ "while tenant A, with %d clients that never honour Retry-After, is past that limit (A's override "
				+ "in the table), first at a bounded offered rate, then flooding (each client's next request as soon "
				+ "as the last is answered, on the same two cores as the service). B's p95 is compared with its p95 "
				+ "alone right before. The target is judged at the bounded rate.%n%n", FairnessProbe.SERIES,
				FairnessProbe.POINTS, fair.sliceSeconds(), fair.sliceSeconds(), fair.clients()));
		md.append(
				"| limit A is past | A's override | A's offered load | A requests | A refused by the limit | B requests alone / past | B non-2xx alone / past "
						+ "| B alone p50 / p95 ms | B p50 / p95 ms | B p95 / alone | within 2x |\n");
		md.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
		for (Fairness.Slice s : fair.slices()) {
			String override = s.override()
				.entrySet()
				.stream()
				.map((e) -> e.getKey() + " = " + f("%,d", e.getValue()))
				.collect(Collectors.joining(", "));
			if (!s.available()) {
				md.append(f("| %s | %s | - | not in this service | - | - | - | - | - | - | n/a |%n", s.limit(),
						override));
				continue;
			}
			FairnessProbe.Result b = s.b();
			FairnessProbe.Result u = s.unloaded();
			md.append(f("| %s | %s | %s | %,d | %s | %,d / %,d | %s / %s | %.1f / %.1f | %.1f / %.1f | %.2f | %s |%n",
					s.limit(), override, load(s.offered()), s.aRequests(),
					(s.aRefused() > 0) ? f("%,d", s.aRefused()) : "**0**", u.requests(), b.requests(),
					count(u.failures()), count(b.failures()), u.p50(), u.p95(), b.p50(), b.p95(), s.p95OverUnloaded(),
					yesNo(s.withinTwice())));
		}
		md.append("\nTenant A's answers by status and problem type:\n\n");
		for (Fairness.Slice s : fair.measured()) {
			md.append(f("- %s, %s (a refusal is %s; A sent %,.0f requests per second): %s%n", s.limit(),
					load(s.offered()), s.refusal(), s.aPerSecond(), answers(s.aAnswers())));
		}
		for (Fairness.Slice s : fair.measured()) {
			if (s.b().failures() + s.unloaded().failures() > 0) {
				md.append(f("- tenant B's failures (alone, then past %s): %s; %s%n", s.limit(),
						s.unloaded().failureSamples(), s.b().failureSamples()));
			}
		}
	}

	private static String load(int offered) {
		return (offered > 0) ? f("<= %,d/s", offered) : "flood";
	}

	private static String count(long failures) {
		return (failures > 0) ? f("**%,d**", failures) : "0";
	}

	private static String answers(Map<String, Long> answers) {
		return answers.entrySet()
			.stream()
			.map((e) -> f("%s: %,d", e.getKey(), e.getValue()))
			.collect(Collectors.joining(", "));
	}

}
