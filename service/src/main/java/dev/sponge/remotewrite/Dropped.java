package dev.sponge.remotewrite;

import java.util.Locale;

/**
 * Why a sample of a remote-write request was not written. None of these makes a request
 * fail: a sender would retry it, or drop the whole batch, for a sample Sponge can never
 * store. Counted in {@code sponge_ingest_samples_dropped_total{reason}}.
 */
enum Dropped {

	/**
	 * Prometheus' stale marker (the NaN {@code 0x7ff0000000000002}): the series ended;
	 * Sponge keeps no marker for that.
	 */
	STALE_MARKER,

	/** Any other NaN. */
	NAN,

	/** {@code +Inf} or {@code -Inf}. */
	INFINITY,

	/** A native histogram sample: Sponge stores float samples only. */
	NATIVE_HISTOGRAM,

	/** An exemplar: Sponge keeps none. */
	EXEMPLAR;

	/** Prometheus' stale marker, bit for bit. */
	static final long STALE_NAN_BITS = 0x7ff0000000000002L;

	String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** Why {@code value} is not stored, or {@code null} if it is a finite number. */
	static Dropped of(double value) {
		if (Double.isFinite(value)) {
			return null;
		}
		if (Double.isInfinite(value)) {
			return INFINITY;
		}
		return (Double.doubleToRawLongBits(value) == STALE_NAN_BITS) ? STALE_MARKER : NAN;
	}

}
