package dev.sponge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import org.xerial.snappy.Snappy;

/**
 * Request bodies of {@code POST /api/v1/write}: a Prometheus remote-write 1.0
 * {@code WriteRequest} written field by field with protobuf's {@link CodedOutputStream}
 * (no message objects to build and drop: the load generator shares the machine with the
 * service), compressed as one snappy block as Prometheus sends it.
 */
final class RemoteWriteBodies {

	/** The label that holds the metric name; every other label is a tag. */
	static final String METRIC_LABEL = "__name__";

	/** The workload's one tag. */
	static final String HOST_LABEL = "host";

	// Field numbers of the remote-write 1.0 specification (prompb's remote.proto and
	// types.proto).
	private static final int WRITE_REQUEST_TIMESERIES = 1;

	private static final int TIME_SERIES_LABELS = 1;

	private static final int TIME_SERIES_SAMPLES = 2;

	private static final int LABEL_NAME = 1;

	private static final int LABEL_VALUE = 2;

	private static final int SAMPLE_VALUE = 1;

	private static final int SAMPLE_TIMESTAMP = 2;

	private RemoteWriteBodies() {
	}

	/**
	 * One {@code TimeSeries} per slice of the batch, labels {@code __name__} and
	 * {@code host} (sorted by name, as the specification requires: {@code __name__} sorts
	 * before any lowercase name), its points as samples.
	 * @return the snappy-compressed {@code WriteRequest}
	 */
	static byte[] writeRequest(Workload.Batch batch) {
		Workload workload = batch.workload();
		List<Workload.Slice> slices = batch.slices();
		int metricLabel = labelSize(METRIC_LABEL, workload.metric());
		int[] hostLabels = new int[slices.size()];
		int[] seriesSizes = new int[slices.size()];
		int total = 0;
		for (int i = 0; i < slices.size(); i++) {
			Workload.Slice slice = slices.get(i);
			hostLabels[i] = labelSize(HOST_LABEL, workload.host(slice.series()));
			int size = nestedSize(TIME_SERIES_LABELS, metricLabel) + nestedSize(TIME_SERIES_LABELS, hostLabels[i]);
			for (int p = 0; p < slice.count(); p++) {
				long offset = slice.firstOffset() + p;
				size += nestedSize(TIME_SERIES_SAMPLES,
						sampleSize(Workload.value(slice.series(), offset), workload.timestamp(offset)));
			}
			seriesSizes[i] = size;
			total += nestedSize(WRITE_REQUEST_TIMESERIES, size);
		}
		byte[] message = new byte[total];
		CodedOutputStream out = CodedOutputStream.newInstance(message);
		try {
			for (int i = 0; i < slices.size(); i++) {
				Workload.Slice slice = slices.get(i);
				startNested(out, WRITE_REQUEST_TIMESERIES, seriesSizes[i]);
				label(out, metricLabel, METRIC_LABEL, workload.metric());
				label(out, hostLabels[i], HOST_LABEL, workload.host(slice.series()));
				for (int p = 0; p < slice.count(); p++) {
					long offset = slice.firstOffset() + p;
					double value = Workload.value(slice.series(), offset);
					long timestamp = workload.timestamp(offset);
					startNested(out, TIME_SERIES_SAMPLES, sampleSize(value, timestamp));
					out.writeDouble(SAMPLE_VALUE, value);
					out.writeInt64(SAMPLE_TIMESTAMP, timestamp);
				}
			}
			out.checkNoSpaceLeft();
			return Snappy.compress(message);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One {@code TimeSeries} per element, its labels as given (they must be sorted by
	 * name, {@code __name__} first), its samples in order.
	 * @return the snappy-compressed {@code WriteRequest}
	 */
	static byte[] writeRequest(List<Samples> series) {
		int[] seriesSizes = new int[series.size()];
		int total = 0;
		for (int i = 0; i < series.size(); i++) {
			Samples s = series.get(i);
			int size = 0;
			for (int l = 0; l < s.labels().length; l += 2) {
				size += nestedSize(TIME_SERIES_LABELS, labelSize(s.labels()[l], s.labels()[l + 1]));
			}
			for (int p = 0; p < s.timestamps().length; p++) {
				size += nestedSize(TIME_SERIES_SAMPLES, sampleSize(s.values()[p], s.timestamps()[p]));
			}
			seriesSizes[i] = size;
			total += nestedSize(WRITE_REQUEST_TIMESERIES, size);
		}
		byte[] message = new byte[total];
		CodedOutputStream out = CodedOutputStream.newInstance(message);
		try {
			for (int i = 0; i < series.size(); i++) {
				Samples s = series.get(i);
				startNested(out, WRITE_REQUEST_TIMESERIES, seriesSizes[i]);
				for (int l = 0; l < s.labels().length; l += 2) {
					label(out, labelSize(s.labels()[l], s.labels()[l + 1]), s.labels()[l], s.labels()[l + 1]);
				}
				for (int p = 0; p < s.timestamps().length; p++) {
					startNested(out, TIME_SERIES_SAMPLES, sampleSize(s.values()[p], s.timestamps()[p]));
					out.writeDouble(SAMPLE_VALUE, s.values()[p]);
					out.writeInt64(SAMPLE_TIMESTAMP, s.timestamps()[p]);
				}
			}
			out.checkNoSpaceLeft();
			return Snappy.compress(message);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void label(CodedOutputStream out, int size, String name, String value) throws IOException {
		startNested(out, TIME_SERIES_LABELS, size);
		out.writeString(LABEL_NAME, name);
		out.writeString(LABEL_VALUE, value);
	}

	private static void startNested(CodedOutputStream out, int field, int size) throws IOException {
		out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
		out.writeUInt32NoTag(size);
	}

	private static int labelSize(String name, String value) {
		return CodedOutputStream.computeStringSize(LABEL_NAME, name)
				+ CodedOutputStream.computeStringSize(LABEL_VALUE, value);
	}

	private static int sampleSize(double value, long timestamp) {
		return CodedOutputStream.computeDoubleSize(SAMPLE_VALUE, value)
				+ CodedOutputStream.computeInt64Size(SAMPLE_TIMESTAMP, timestamp);
	}

	/** A length-delimited field holding a message of {@code size} bytes. */
	private static int nestedSize(int field, int size) {
		return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
	}

	/**
	 * Samples of one series.
	 *
	 * @param labels name, value, name, value, ... sorted by name
	 * @param timestamps epoch milliseconds, ascending
	 * @param values one per timestamp
	 */
	record Samples(String[] labels, long[] timestamps, double[] values) {
	}

}
