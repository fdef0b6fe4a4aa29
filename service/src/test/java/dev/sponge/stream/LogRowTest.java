package dev.sponge.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogRowTest {

	private final UUID arrival = Uuids.timeBased();

	@Test
	void entriesPackedByTheWriterAreReadBackSeriesBySeries() {
		Map<String, String> tags = new LinkedHashMap<>();
		tags.put("site", "Zürich/lab");
		tags.put("room", "");
		long[] ts = { 10, 20, 30 };
		double[] values = { 1.5, -2.0, Double.MAX_VALUE };

		LogRow row = LogRow.ofEntries(this.arrival, LogRow.packEntries(List
			.of(new LogRow.Slice("s1", tags, ts, values, 1, 3), new LogRow.Slice("s2", Map.of(), ts, values, 0, 1))));

		assertThat(row.arrival()).isEqualTo(this.arrival);
		assertThat(row.size()).isEqualTo(3);
		assertThat(row.entries()).hasSize(2);
		LogRow.Entry first = row.entries().get(0);
		assertThat(first.seriesId()).isEqualTo("s1");
		assertThat(first.tags()).containsExactly(Map.entry("site", "Zürich/lab"), Map.entry("room", ""));
		assertThat(List.of(first.ts(0), first.ts(1))).containsExactly(20L, 30L);
		assertThat(List.of(first.value(0), first.value(1))).containsExactly(-2.0, Double.MAX_VALUE);
		LogRow.Entry second = row.entries().get(1);
		assertThat(second.seriesId()).isEqualTo("s2");
		assertThat(second.tags()).isEmpty();
		assertThat(second.size()).isOne();
		assertThat(second.ts(0)).isEqualTo(10L);
	}

	@Test
	void aRowOfThePreviousSchemaVersionIsOneEntry() {
		LogRow row = LogRow.ofSeries(this.arrival, "s1", Map.of("host", "a"),
				LogRow.pack(new long[] { 5, 6 }, new double[] { 0.5, 0.25 }, 0, 2));

		assertThat(row.size()).isEqualTo(2);
		assertThat(row.entries()).singleElement().satisfies((entry) -> {
			assertThat(entry.seriesId()).isEqualTo("s1");
			assertThat(entry.value(1)).isEqualTo(0.25);
		});
	}

}
