package dev.sponge.remotewrite;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sponge.points.SeriesPoints;
import dev.sponge.problem.ApiProblem;
import dev.sponge.series.SeriesKey;

/**
 * What a remote-write request holds for Sponge: the points to write, one
 * {@link SeriesPoints} per series (a series sent twice in one request is merged), and the
 * samples left out and why. Built series by series while the request is decoded.
 */
final class DecodedWrite {

	private final long earliest;

	private final long latest;

	private final String window;

	private final int maxSamples;

	private final Map<String, SeriesPoints> series = new LinkedHashMap<>();

	private final Map<Dropped, Long> dropped = new EnumMap<>(Dropped.class);

	private long[] timestamps = new long[16];

	private double[] values = new double[16];

	private int size;

	private long samples;

	private long written;

	/**
	 * @param earliest earliest timestamp accepted, epoch milliseconds
	 * @param latest latest timestamp accepted, epoch milliseconds
	 * @param window the accepted window in words, for problems
	 * @param maxSamples most samples (written or dropped) in one request
	 */
	DecodedWrite(long earliest, long latest, String window, int maxSamples) {
		this.earliest = earliest;
		this.latest = latest;
		this.window = window;
		this.maxSamples = maxSamples;
	}

	/**
	 * One float sample of the series being decoded: the {@code index}th of the series
	 * {@code where} names.
	 */
	void sample(String where, int index, long timestamp, double value) {
		if (++this.samples > this.maxSamples) {
			throw ApiProblem
				.badRequest("More than " + this.maxSamples
						+ " samples in one request (sponge.ingest.max-points-per-request); send smaller batches "
						+ "(Prometheus: queue_config.max_samples_per_send)")
				.withType(RemoteWriteDecoder.TOO_LARGE);
		}
		if (timestamp < this.earliest || timestamp > this.latest) {
			throw ApiProblem
				.badRequest(where + ".samples[" + index + "]: timestamp " + timestamp
						+ " is outside the accepted window (" + this.window + "); nothing of the request was written")
				.withType(RemoteWriteDecoder.INVALID);
		}
		Dropped reason = Dropped.of(value);
		if (reason != null) {
			drop(reason, 1);
			return;
		}
		if (this.size == this.timestamps.length) {
			this.timestamps = Arrays.copyOf(this.timestamps, this.size * 2);
			this.values = Arrays.copyOf(this.values, this.size * 2);
		}
		this.timestamps[this.size] = timestamp;
		this.values[this.size++] = value;
	}

	/**
	 * Ends the series being decoded: its samples so far are the points of {@code key}.
	 */
	void endSeries(SeriesKey key) {
		if (this.size > 0) {
			SeriesPoints points = SeriesPoints.of(key, this.timestamps, this.values, this.size);
			this.series.merge(points.id(), points, SeriesPoints::merge);
			this.written += this.size;
			this.size = 0;
		}
	}

	void drop(Dropped reason, int count) {
		if (count > 0) {
			this.dropped.merge(reason, (long) count, Long::sum);
		}
	}

	List<SeriesPoints> series() {
		return List.copyOf(this.series.values());
	}

	/** Float samples that are written (each as sent, a repeated timestamp included). */
	long samplesWritten() {
		return this.written;
	}

	Map<Dropped, Long> dropped() {
		return this.dropped;
	}

}
