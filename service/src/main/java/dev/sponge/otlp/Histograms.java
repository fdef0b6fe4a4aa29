package dev.sponge.otlp;

import java.util.List;
import java.util.TreeMap;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;

import dev.sponge.series.SeriesKey;

/**
 * The series of one explicit-bucket histogram metric, as Prometheus names a classic
 * histogram's: {@code <name>_bucket} with the bucket's upper bound as tag {@code le} and
 * the count of values up to it (cumulative; {@code le="+Inf"} holds them all),
 * {@code <name>_count} and {@code <name>_sum} (left out when the data point has no sum,
 * or a sum that is not finite).
 */
final class Histograms {

	private final DecodedMetrics decoded;

	private final String bucket;

	private final String count;

	private final String sum;

	Histograms(DecodedMetrics decoded, String name, String where) {
		this.decoded = decoded;
		this.bucket = OtlpDecoder.metricName(name + "_bucket", where);
		this.count = OtlpDecoder.metricName(name + "_count", where);
		this.sum = OtlpDecoder.metricName(name + "_sum", where);
	}

	/**
	 * @param point the data point
	 * @param tags its tags, without {@code le}
	 * @param where the data point in the request, for problems
	 * @param maxTags most tags a series may have, {@code le} included
	 */
	void add(HistogramDataPoint point, TreeMap<String, String> tags, String where, int maxTags) {
		List<Double> bounds = point.getExplicitBoundsList();
		List<Long> counts = point.getBucketCountsList();
		if (!counts.isEmpty() && counts.size() != bounds.size() + 1) {
			throw OtlpDecoder.invalid(where + ": " + counts.size() + " bucket counts for " + bounds.size()
					+ " explicit bounds; there must be one more count than bounds");
		}
		for (int i = 0; i < bounds.size(); i++) {
			double bound = bounds.get(i);
			if (!Double.isFinite(bound) || (i > 0 && bound <= bounds.get(i - 1))) {
				throw OtlpDecoder.invalid(where + ": explicit bounds must be finite and strictly increasing, bound " + i
						+ " is " + OtlpValues.decimal(bound));
			}
		}
		if (tags.size() + (counts.isEmpty() ? 0 : 1) > maxTags) {
			throw OtlpDecoder.invalid(where + ": has more than " + maxTags
					+ " tags with le and otel.temporality (sponge.series.max-tags)");
		}
		long timestamp = this.decoded.timestamp(where, point.getTimeUnixNano());
		double cumulative = 0;
		for (int i = 0; i < counts.size(); i++) {
			cumulative += unsigned(counts.get(i));
			TreeMap<String, String> bucketTags = new TreeMap<>(tags);
			bucketTags.put(OtlpDecoder.LE_TAG, (i < bounds.size()) ? OtlpValues.decimal(bounds.get(i)) : "+Inf");
			this.decoded.point(new SeriesKey(this.bucket, bucketTags), timestamp, cumulative);
		}
		this.decoded.point(new SeriesKey(this.count, tags), timestamp, unsigned(point.getCount()));
		if (point.hasSum() && Double.isFinite(point.getSum())) {
			this.decoded.point(new SeriesKey(this.sum, tags), timestamp, point.getSum());
		}
	}

	/** A fixed64 count, which protobuf hands to Java as a signed long. */
	private static double unsigned(long count) {
		return (count >= 0) ? count : (count >>> 1) * 2.0 + (count & 1);
	}

}
