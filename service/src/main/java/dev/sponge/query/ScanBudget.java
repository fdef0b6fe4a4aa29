package dev.sponge.query;

import java.util.concurrent.atomic.AtomicLong;

import dev.sponge.problem.ApiProblem;

/**
 * Points one downsampled page may still read ({@code sponge.query.max-scanned-points}).
 * Series are read one after another, so the count only grows, but on whichever thread
 * delivers the rows.
 */
final class ScanBudget {

	private final long max;

	private final AtomicLong scanned = new AtomicLong();

	ScanBudget(long max) {
		this.max = max;
	}

	/**
	 * The read limit of the next series: enough to reach the cap plus one point, so going
	 * over shows.
	 */
	int readLimit() {
		return (int) Math.min(Integer.MAX_VALUE, this.max - this.scanned.get() + 1);
	}

	/** Counts one point read; a 400 naming the property once over the cap. */
	void spend() {
		if (this.scanned.incrementAndGet() > this.max) {
			throw ApiProblem.overCap("query-scanned-points", "sponge.query.max-scanned-points", this.max,
					"The query reads more than " + this.max
							+ " points (sponge.query.max-scanned-points); use a shorter range, fewer series or a "
							+ "smaller limit");
		}
	}

}
