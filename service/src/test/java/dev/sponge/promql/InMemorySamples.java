package dev.sponge.promql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * Samples held in memory, for evaluator tests: what the storage-backed source answers,
 * without the storage.
 */
final class InMemorySamples implements SampleSource {

	private final List<RawSeries> series = new ArrayList<>();

	/** Adds a series; {@code points} alternate seconds and values. */
	InMemorySamples add(Map<String, String> labels, double... points) {
		long[] ts = new long[points.length / 2];
		double[] values = new double[points.length / 2];
		for (int i = 0; i < ts.length; i++) {
			ts[i] = (long) (points[2 * i] * 1000);
			values[i] = points[2 * i + 1];
		}
		this.series.add(new RawSeries(Labels.of(labels), ts, values));
		return this;
	}

	@Override
	public Mono<List<RawSeries>> select(List<Matcher> matchers, long from, long to) {
		List<RawSeries> out = new ArrayList<>();
		for (RawSeries s : this.series) {
			if (matchers.stream().allMatch((m) -> m.matches(s.labels().get(m.name())))) {
				int a = s.firstAtOrAfter(from);
				int b = s.lastAtOrBefore(to) + 1;
				if (a < b) {
					out.add(new RawSeries(s.labels(), java.util.Arrays.copyOfRange(s.ts(), a, b),
							java.util.Arrays.copyOfRange(s.values(), a, b)));
				}
			}
		}
		return Mono.just(out);
	}

}
