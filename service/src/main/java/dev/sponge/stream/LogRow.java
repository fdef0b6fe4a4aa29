package dev.sponge.stream;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;

import com.datastax.oss.driver.api.core.uuid.Uuids;

/**
 * One change-log row: up to {@code points-per-row} points of one series from one ingest
 * request, in ascending time order.
 *
 * @param arrival time-based id taken just before the row was written; orders the log
 * @param seriesId series id
 * @param tags series tags
 * @param points packed (epoch millisecond, value) pairs, 16 bytes each
 */
record LogRow(UUID arrival, String seriesId, Map<String, String> tags, ByteBuffer points) {

	static final int POINT_BYTES = Long.BYTES + Double.BYTES;

	/** Length of one arrival bucket (one partition): fixed, since readers compute it. */
	static final long BUCKET_MILLIS = 60_000L;

	int size() {
		return this.points.remaining() / POINT_BYTES;
	}

	long ts(int index) {
		return this.points.getLong(this.points.position() + index * POINT_BYTES);
	}

	double value(int index) {
		return this.points.getDouble(this.points.position() + index * POINT_BYTES + Long.BYTES);
	}

	static ByteBuffer pack(long[] timestamps, double[] values, int from, int to) {
		ByteBuffer buffer = ByteBuffer.allocate((to - from) * POINT_BYTES);
		for (int i = from; i < to; i++) {
			buffer.putLong(timestamps[i]).putDouble(values[i]);
		}
		return buffer.flip();
	}

	static long bucketOf(long epochMillis) {
		return Math.floorDiv(epochMillis, BUCKET_MILLIS);
	}

	static long bucketOf(UUID arrival) {
		return bucketOf(Uuids.unixTimestamp(arrival));
	}

}
