package dev.sponge.otlp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sponge.points.SeriesPoints;
import dev.sponge.problem.ApiProblem;
import dev.sponge.series.SeriesKey;

/**
 * What an OTLP request holds for Sponge: the points to write, gathered per series, and
 * the data points not stored and why (its partial success). Built while the request is
 * decoded.
 */
final class DecodedMetrics {

	private final long earliest;

	private final long latest;

	private final String window;

	private final int maxPoints;

	private final Map<SeriesKey, Points> series = new LinkedHashMap<>();

	private final Map<Rejected, Long> rejected = new EnumMap<>(Rejected.class);

	/** The first metric of each reason, to name in the message. */
	private final Map<Rejected, String> rejectedMetric = new EnumMap<>(Rejected.class);

	private long points;

	/**
	 * @param earliest earliest timestamp accepted, epoch milliseconds
	 * @param latest latest timestamp accepted, epoch milliseconds
	 * @param window the accepted window in words, for problems
	 * @param maxPoints most points written from one request
	 */
	DecodedMetrics(long earliest, long latest, String window, int maxPoints) {
		this.earliest = earliest;
		this.latest = latest;
		this.window = window;
		this.maxPoints = maxPoints;
	}

	/**
	 * @param where the data point in the request, for problems
	 * @param timeUnixNano the data point's time, nanoseconds since the epoch (unsigned)
	 * @return the time in epoch milliseconds
	 * @throws ApiProblem 400 if it is outside the accepted window
	 */
	long timestamp(String where, long timeUnixNano) {
		long millis = Long.divideUnsigned(timeUnixNano, 1_000_000);
		if (timeUnixNano < 0 || millis < this.earliest || millis > this.latest) {
			throw OtlpDecoder.invalid(where + ": timeUnixNano " + Long.toUnsignedString(timeUnixNano)
					+ " is outside the accepted window (" + this.window + ")");
		}
		return millis;
	}

	/** One point of the series {@code key}; the value is finite. */
	void point(SeriesKey key, long timestamp, double value) {
		if (++this.points > this.maxPoints) {
			throw ApiProblem
				.badRequest(
						"More than " + this.maxPoints + " points in one request (sponge.ingest.max-points-per-request, "
								+ "each histogram bucket, count and sum a point); send smaller batches (OpenTelemetry "
								+ "Collector: the batch processor's send_batch_max_size)")
				.withType(ApiProblem.TOO_LARGE);
		}
		this.series.computeIfAbsent(key, (k) -> new Points()).add(timestamp, value);
	}

	/** {@code count} data points of {@code metric} not stored, for {@code reason}. */
	void reject(Rejected reason, long count, String metric) {
		if (count > 0) {
			this.rejected.merge(reason, count, Long::sum);
			this.rejectedMetric.putIfAbsent(reason, metric);
		}
	}

	List<SeriesPoints> series() {
		List<SeriesPoints> series = new ArrayList<>(this.series.size());
		this.series
			.forEach((key, points) -> series.add(SeriesPoints.of(key, points.timestamps, points.values, points.size)));
		return series;
	}

	/** Points written (a histogram data point is several: buckets, count, sum). */
	long points() {
		return this.points;
	}

	Map<Rejected, Long> rejected() {
		return this.rejected;
	}

	/** Data points not stored, in all. */
	long rejectedDataPoints() {
		return this.rejected.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * What was not stored, for the partial success' {@code error_message}; empty if
	 * everything was.
	 */
	String rejectedMessage() {
		if (this.rejected.isEmpty()) {
			return "";
		}
		StringBuilder message = new StringBuilder();
		this.rejected.forEach((reason, count) -> message.append((message.length() > 0) ? "; " : "")
			.append(count)
			.append(' ')
			.append(reason.description())
			.append(", e.g. of metric \"")
			.append(this.rejectedMetric.get(reason))
			.append('"'));
		return rejectedDataPoints() + " data points were not stored: " + message;
	}

	/** The points of one series, in arrival order. */
	private static final class Points {

		private long[] timestamps = new long[4];

		private double[] values = new double[4];

		private int size;

		void add(long timestamp, double value) {
			if (this.size == this.timestamps.length) {
				this.timestamps = Arrays.copyOf(this.timestamps, this.size * 2);
				this.values = Arrays.copyOf(this.values, this.size * 2);
			}
			this.timestamps[this.size] = timestamp;
			this.values[this.size++] = value;
		}

	}

}
