package dev.sponge.promql;

import java.util.BitSet;

/**
 * One series of an instant vector evaluated at every step: its value at each step where
 * it is present.
 */
final class StepSeries {

	final Labels labels;

	final double[] values;

	final BitSet present;

	/** The time of the sample behind each value, for {@code timestamp()}; may be null. */
	final long[] sampleTimes;

	StepSeries(Labels labels, int steps, boolean withSampleTimes) {
		this.labels = labels;
		this.values = new double[steps];
		this.present = new BitSet(steps);
		this.sampleTimes = withSampleTimes ? new long[steps] : null;
	}

	void set(int step, double value) {
		this.values[step] = value;
		this.present.set(step);
	}

	boolean has(int step) {
		return this.present.get(step);
	}

}
