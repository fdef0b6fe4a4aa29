package dev.sponge.bench;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Which points of a {@link Workload} were acknowledged (2xx, or a completed driver
 * write), per series, and which series a failed request touched (its points may or may
 * not be stored). Grows with the workload's series. Thread-safe.
 */
final class Ledger {

	private final List<BitSet> acknowledged = new ArrayList<>();

	private final BitSet touchedByFailure = new BitSet();

	synchronized void acknowledged(Workload.Slice slice) {
		bits(slice.series()).set(Math.toIntExact(slice.firstOffset()),
				Math.toIntExact(slice.firstOffset() + slice.count()));
	}

	synchronized void failed(Workload.Slice slice) {
		this.touchedByFailure.set(slice.series());
	}

	synchronized long acknowledgedPoints(int series) {
		return (series < this.acknowledged.size()) ? this.acknowledged.get(series).cardinality() : 0;
	}

	synchronized long acknowledgedPoints() {
		long total = 0;
		for (BitSet bits : this.acknowledged) {
			total += bits.cardinality();
		}
		return total;
	}

	synchronized boolean isAcknowledged(int series, long offset) {
		return series < this.acknowledged.size() && this.acknowledged.get(series).get(Math.toIntExact(offset));
	}

	synchronized boolean touchedByFailure(int series) {
		return this.touchedByFailure.get(series);
	}

	private BitSet bits(int series) {
		while (this.acknowledged.size() <= series) {
			this.acknowledged.add(new BitSet());
		}
		return this.acknowledged.get(series);
	}

}
