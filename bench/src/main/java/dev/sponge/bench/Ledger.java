package dev.sponge.bench;

import java.util.BitSet;

/**
 * Which points of a {@link Workload} were acknowledged (2xx, or a completed driver
 * write), per series, and which series a failed request touched (its points may or may
 * not be stored). Thread-safe.
 */
final class Ledger {

	private final BitSet[] acknowledged;

	private final boolean[] touchedByFailure;

	Ledger(int seriesCount) {
		this.acknowledged = new BitSet[seriesCount];
		for (int i = 0; i < seriesCount; i++) {
			this.acknowledged[i] = new BitSet();
		}
		this.touchedByFailure = new boolean[seriesCount];
	}

	synchronized void acknowledged(Workload.Slice slice) {
		this.acknowledged[slice.series()].set(Math.toIntExact(slice.firstOffset()),
				Math.toIntExact(slice.firstOffset() + slice.count()));
	}

	synchronized void failed(Workload.Slice slice) {
		this.touchedByFailure[slice.series()] = true;
	}

	synchronized long acknowledgedPoints(int series) {
		return this.acknowledged[series].cardinality();
	}

	synchronized long acknowledgedPoints() {
		long total = 0;
		for (BitSet bits : this.acknowledged) {
			total += bits.cardinality();
		}
		return total;
	}

	synchronized boolean isAcknowledged(int series, long offset) {
		return this.acknowledged[series].get(Math.toIntExact(offset));
	}

	synchronized boolean touchedByFailure(int series) {
		return this.touchedByFailure[series];
	}

}
