package dev.sponge.limits;

/**
 * A tenant's allowance of a rate limit on this instance, in units (points): holds up to a
 * capacity and refills at a rate. Work is admitted while the bucket is not in debt and
 * pays for all of it, even more than the bucket holds, so work larger than the capacity
 * still gets through once and is paid for by waiting.
 */
final class TokenBucket {

	private double tokens;

	private long refilledAt;

	TokenBucket(long capacity, long now) {
		this.tokens = capacity;
		this.refilledAt = now;
	}

	/**
	 * Takes {@code units} and returns 0, or takes nothing and returns the debt that
	 * refuses them.
	 */
	synchronized double take(long units, long rate, long capacity, long now) {
		refill(rate, capacity, now);
		if (this.tokens < 0) {
			return -this.tokens;
		}
		this.tokens -= units;
		return 0;
	}

	/** Takes {@code units} whatever the bucket holds: the price of admitted work. */
	synchronized void charge(long units, long rate, long capacity, long now) {
		refill(rate, capacity, now);
		this.tokens -= units;
	}

	private void refill(long rate, long capacity, long now) {
		this.tokens = Math.min(capacity, this.tokens + Math.max(0, now - this.refilledAt) * (double) rate / 1000);
		this.refilledAt = Math.max(this.refilledAt, now);
	}

	/** Milliseconds a debt takes to clear at {@code rate}, at least a second. */
	static long waitMillis(double debt, long rate) {
		return Math.max(1000, (long) Math.ceil(debt * 1000 / rate));
	}

}
