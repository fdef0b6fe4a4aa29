package dev.sponge.promql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** Gathers the samples an operation computes at each step into series by labels. */
final class VectorBuilder {

	private final int steps;

	private final Map<Labels, StepSeries> series = new LinkedHashMap<>();

	VectorBuilder(int steps) {
		this.steps = steps;
	}

	void add(int step, Labels labels, double value) {
		StepSeries target = this.series.computeIfAbsent(labels, (l) -> new StepSeries(l, this.steps, false));
		if (target.has(step)) {
			throw PromQLException.execution("vector cannot contain metrics with the same labelset " + labels);
		}
		target.set(step, value);
	}

	Value.Vector build() {
		return new Value.Vector(new ArrayList<>(this.series.values()));
	}

}
