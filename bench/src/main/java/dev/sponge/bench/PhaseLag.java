package dev.sponge.bench;

import java.util.OptionalDouble;

/**
 * The rollup lag around one measured phase (all slices of one ingest path, or the soak),
 * {@code null} figures where the service does not export the gauge.
 *
 * @param maxDuringSeconds largest lag sampled while the phase ran
 * @param maxAfterSeconds largest lag sampled after it, until it was within the bound
 * @param backWithinBoundSeconds longest it took to get within the bound after a slice
 * @param withinBound whether the lag stayed within the bound during every slice and got
 * back within it after every slice before the deadline
 * @param catchUpCpuSecondsPerMillionPoints the service's CPU while the harness waited for
 * the lag, per million points of the phase: deferred work its points caused
 */
record PhaseLag(Double maxDuringSeconds, Double maxAfterSeconds, Double backWithinBoundSeconds, Boolean withinBound,
		Double catchUpCpuSecondsPerMillionPoints) {

	/** Collects the lag of a phase's slices. */
	static final class Builder {

		private final double boundSeconds;

		private boolean present;

		private double maxDuring;

		private double maxAfter;

		private double longestWait;

		private boolean within = true;

		private double catchUpCpu;

		Builder(double boundSeconds) {
			this.boundSeconds = boundSeconds;
		}

		void during(OptionalDouble max) {
			if (max.isPresent()) {
				this.present = true;
				this.maxDuring = Math.max(this.maxDuring, max.getAsDouble());
				this.within &= max.getAsDouble() <= this.boundSeconds;
			}
		}

		void after(RollupLag.CatchUp catchUp, double serviceCpuSeconds) {
			if (catchUp.present()) {
				this.present = true;
				this.maxAfter = Math.max(this.maxAfter, catchUp.maxSeconds());
				this.longestWait = Math.max(this.longestWait, catchUp.waitedSeconds());
				this.within &= catchUp.withinBound();
				this.catchUpCpu += serviceCpuSeconds;
			}
		}

		PhaseLag build(long points) {
			if (!this.present) {
				return new PhaseLag(null, null, null, null, null);
			}
			return new PhaseLag(this.maxDuring, this.maxAfter, this.longestWait, this.within,
					this.catchUpCpu / (Math.max(points, 1) / 1e6));
		}

	}

}
