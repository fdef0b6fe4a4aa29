package dev.sponge.promql;

/**
 * The times an expression is evaluated at: {@code start}, {@code start + step}, ... up to
 * {@code end}; one time for an instant query.
 */
record Steps(long start, long end, long step) {

	int count() {
		return (int) ((this.end - this.start) / this.step) + 1;
	}

	long time(int index) {
		return this.start + index * this.step;
	}

}
