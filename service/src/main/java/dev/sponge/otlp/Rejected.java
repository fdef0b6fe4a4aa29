package dev.sponge.otlp;

import java.util.Locale;

/**
 * Why data points of an OTLP request were not stored while the rest of it was: reported
 * to the sender as {@code partial_success} (a 200, which it does not retry) and counted
 * in {@code sponge_ingest_otlp_points_rejected_total{reason}}.
 */
enum Rejected {

	/** An exponential histogram data point: Sponge stores explicit-bucket histograms. */
	EXPONENTIAL_HISTOGRAM("exponential histogram data points (not stored; configure explicit buckets)"),

	/** A summary data point. */
	SUMMARY("summary data points (not stored)"),

	/** A sum or histogram whose aggregation temporality is unspecified. */
	UNSPECIFIED_TEMPORALITY("data points of a sum or histogram without an aggregation temporality"),

	/** A number data point without a value, or flagged as having no recorded value. */
	NO_VALUE("data points without a recorded value"),

	/** A NaN value. */
	NAN("NaN values"),

	/** {@code +Inf} or {@code -Inf}. */
	INFINITY("infinite values");

	private final String description;

	Rejected(String description) {
		this.description = description;
	}

	String description() {
		return this.description;
	}

	String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** Why {@code value} is not stored, or {@code null} if it is a finite number. */
	static Rejected of(double value) {
		if (Double.isFinite(value)) {
			return null;
		}
		return Double.isNaN(value) ? NAN : INFINITY;
	}

}
