package dev.sponge.bench;

import java.nio.charset.StandardCharsets;

/**
 * Request bodies of {@code POST /api/v1/points}, written straight to text (the load
 * generator shares the machine with the service, so it keeps its own cost low).
 */
final class Bodies {

	private Bodies() {
	}

	/** A JSON array with one object per series of the batch. */
	static byte[] json(Workload.Batch batch) {
		StringBuilder out = new StringBuilder(batch.points() * 26 + batch.slices().size() * 64);
		out.append('[');
		for (int i = 0; i < batch.slices().size(); i++) {
			if (i > 0) {
				out.append(',');
			}
			seriesObject(out, batch.workload(), batch.slices().get(i));
		}
		return out.append(']').toString().getBytes(StandardCharsets.US_ASCII);
	}

	/** One NDJSON line (newline included) holding one series' slice. */
	static byte[] ndjsonLine(Workload workload, Workload.Slice slice) {
		StringBuilder out = new StringBuilder(slice.count() * 26 + 64);
		seriesObject(out, workload, slice);
		return out.append('\n').toString().getBytes(StandardCharsets.US_ASCII);
	}

	private static void seriesObject(StringBuilder out, Workload workload, Workload.Slice slice) {
		out.append("{\"metric\":\"")
			.append(workload.metric())
			.append("\",\"tags\":{\"host\":\"")
			.append(workload.host(slice.series()))
			.append("\"},\"points\":[");
		for (int p = 0; p < slice.count(); p++) {
			long offset = slice.firstOffset() + p;
			if (p > 0) {
				out.append(',');
			}
			out.append('[')
				.append(workload.timestamp(offset))
				.append(',')
				.append(Workload.value(slice.series(), offset))
				.append(']');
		}
		out.append("]}");
	}

}
