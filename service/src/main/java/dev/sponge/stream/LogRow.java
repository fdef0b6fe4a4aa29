package dev.sponge.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.datastax.oss.driver.api.core.uuid.Uuids;

/**
 * One change-log row: points one ingest request wrote for one or more series of a metric,
 * each series' in ascending time order. A stream position counts the row's points in that
 * order, series after series.
 *
 * @param arrival time-based id taken just before the row was written; orders the log
 * @param entries the row's series, each with its points
 */
record LogRow(UUID arrival, List<Entry> entries) {

	static final int POINT_BYTES = Long.BYTES + Double.BYTES;

	/** Length of one arrival bucket (one partition): fixed, since readers compute it. */
	static final long BUCKET_MILLIS = 60_000L;

	/** A row of schema version 3: one series. */
	static LogRow ofSeries(UUID arrival, String seriesId, Map<String, String> tags, ByteBuffer points) {
		return new LogRow(arrival, List.of(new Entry(seriesId, tags, points)));
	}

	/** A row of schema version 9: its series packed by {@link #packEntries}. */
	static LogRow ofEntries(UUID arrival, ByteBuffer packed) {
		ByteBuffer in = packed.duplicate();
		List<Entry> entries = new ArrayList<>();
		while (in.hasRemaining()) {
			String seriesId = string(in);
			int tagCount = in.getInt();
			Map<String, String> tags = new LinkedHashMap<>();
			for (int i = 0; i < tagCount; i++) {
				tags.put(string(in), string(in));
			}
			int bytes = in.getInt() * POINT_BYTES;
			ByteBuffer points = in.slice(in.position(), bytes);
			in.position(in.position() + bytes);
			entries.add(new Entry(seriesId, tags, points));
		}
		return new LogRow(arrival, entries);
	}

	/** Points in the row, over all its series. */
	int size() {
		int size = 0;
		for (Entry entry : this.entries) {
			size += entry.size();
		}
		return size;
	}

	static ByteBuffer pack(long[] timestamps, double[] values, int from, int to) {
		ByteBuffer buffer = ByteBuffer.allocate((to - from) * POINT_BYTES);
		for (int i = from; i < to; i++) {
			buffer.putLong(timestamps[i]).putDouble(values[i]);
		}
		return buffer.flip();
	}

	/**
	 * The {@code entries} of a row: per series its id, its tags and its points from
	 * {@code from} to {@code to}, lengths as 4-byte counts, strings in UTF-8.
	 */
	static ByteBuffer packEntries(List<Slice> slices) {
		List<byte[][]> strings = new ArrayList<>(slices.size());
		int size = 0;
		for (Slice slice : slices) {
			byte[][] encoded = new byte[1 + 2 * slice.tags().size()][];
			encoded[0] = slice.seriesId().getBytes(StandardCharsets.UTF_8);
			int i = 1;
			for (Map.Entry<String, String> tag : slice.tags().entrySet()) {
				encoded[i++] = tag.getKey().getBytes(StandardCharsets.UTF_8);
				encoded[i++] = tag.getValue().getBytes(StandardCharsets.UTF_8);
			}
			for (byte[] string : encoded) {
				size += Integer.BYTES + string.length;
			}
			size += 2 * Integer.BYTES + (slice.to() - slice.from()) * POINT_BYTES;
			strings.add(encoded);
		}
		ByteBuffer buffer = ByteBuffer.allocate(size);
		for (int s = 0; s < slices.size(); s++) {
			Slice slice = slices.get(s);
			byte[][] encoded = strings.get(s);
			put(buffer, encoded[0]);
			buffer.putInt(slice.tags().size());
			for (int i = 1; i < encoded.length; i++) {
				put(buffer, encoded[i]);
			}
			buffer.putInt(slice.to() - slice.from());
			for (int i = slice.from(); i < slice.to(); i++) {
				buffer.putLong(slice.timestamps()[i]).putDouble(slice.values()[i]);
			}
		}
		return buffer.flip();
	}

	static long bucketOf(long epochMillis) {
		return Math.floorDiv(epochMillis, BUCKET_MILLIS);
	}

	static long bucketOf(UUID arrival) {
		return bucketOf(Uuids.unixTimestamp(arrival));
	}

	private static void put(ByteBuffer buffer, byte[] string) {
		buffer.putInt(string.length).put(string);
	}

	private static String string(ByteBuffer in) {
		byte[] bytes = new byte[in.getInt()];
		in.get(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/**
	 * One series of a row and its points.
	 *
	 * @param seriesId series id
	 * @param tags series tags
	 * @param points packed (epoch millisecond, value) pairs, 16 bytes each
	 */
	record Entry(String seriesId, Map<String, String> tags, ByteBuffer points) {

		int size() {
			return this.points.remaining() / POINT_BYTES;
		}

		long ts(int index) {
			return this.points.getLong(this.points.position() + index * POINT_BYTES);
		}

		double value(int index) {
			return this.points.getDouble(this.points.position() + index * POINT_BYTES + Long.BYTES);
		}

	}

	/**
	 * Points {@code from} to {@code to} of one series, to be packed into a row.
	 *
	 * @param seriesId series id
	 * @param tags series tags
	 * @param timestamps the series' point times
	 * @param values the series' point values
	 * @param from first point
	 * @param to end of the points, exclusive
	 */
	record Slice(String seriesId, Map<String, String> tags, long[] timestamps, double[] values, int from, int to) {
	}

}
