package dev.sponge.bench;

import java.util.List;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The remote-write bodies, read back with protobuf's schema-less parser against the field
 * numbers of the remote-write 1.0 specification.
 */
class RemoteWriteBodiesTest {

	@Test
	void writeRequestHoldsOneTimeSeriesPerSeriesWithSortedLabelsAndOneSampleEach() throws Exception {
		Workload workload = Workload.fixed("t", IngestPhases.REMOTE_WRITE_METRIC, 10_000, 1_700_000_000_000L,
				Workload.SPARSE_STEP_MILLIS);
		Workload.Batch batch = workload.nextSampleBatch(500, 2_000);

		UnknownFieldSet request = UnknownFieldSet.parseFrom(Snappy.uncompress(RemoteWriteBodies.writeRequest(batch)));

		List<ByteString> series = request.getField(1).getLengthDelimitedList();
		assertThat(series).hasSize(batch.points()).hasSizeBetween(500, 2_000);
		assertThat(batch.slices()).extracting(Workload.Slice::series).doesNotHaveDuplicates();
		for (int i = 0; i < series.size(); i++) {
			Workload.Slice slice = batch.slices().get(i);
			UnknownFieldSet timeSeries = UnknownFieldSet.parseFrom(series.get(i));
			List<UnknownFieldSet> labels = timeSeries.getField(1)
				.getLengthDelimitedList()
				.stream()
				.map(RemoteWriteBodiesTest::parse)
				.toList();
			assertThat(labels).extracting((label) -> text(label, 1)).containsExactly("__name__", "host");
			assertThat(labels).extracting((label) -> text(label, 2))
				.containsExactly("bench_samples", workload.host(slice.series()));
			List<UnknownFieldSet> samples = timeSeries.getField(2)
				.getLengthDelimitedList()
				.stream()
				.map(RemoteWriteBodiesTest::parse)
				.toList();
			assertThat(samples).singleElement().satisfies((sample) -> {
				assertThat(Double.longBitsToDouble(sample.getField(1).getFixed64List().get(0)))
					.isEqualTo(Workload.value(slice.series(), slice.firstOffset()));
				assertThat(sample.getField(2).getVarintList()).containsExactly(workload.timestamp(slice.firstOffset()));
			});
		}
	}

	private static UnknownFieldSet parse(ByteString bytes) {
		try {
			return UnknownFieldSet.parseFrom(bytes);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	private static String text(UnknownFieldSet message, int field) {
		return message.getField(field).getLengthDelimitedList().get(0).toStringUtf8();
	}

}
