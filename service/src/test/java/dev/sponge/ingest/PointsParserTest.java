package dev.sponge.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import dev.sponge.points.SeriesPoints;
import dev.sponge.problem.ApiProblem;
import dev.sponge.series.SeriesProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PointsParserTest {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	private final PointsParser parser = new PointsParser(
			new IngestProperties(DataSize.ofMegabytes(16), DataSize.ofMegabytes(1), 5, Instant.EPOCH,
					Duration.ofDays(1), 16, Duration.ofMillis(20), 2),
			new SeriesProperties(2, 100, Duration.ofHours(1), Duration.ofHours(1), 1000, 4, 100000),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void parsesSeriesWithTagsAndBothTimestampForms() {
		List<SeriesPoints> series = parse("""
				[{"metric": "room.temperature", "tags": {"site": "lab"},
				  "points": [[1764057600000, 21.5], ["2025-11-25T08:00:01Z", 22]]}]""");
		assertThat(series).hasSize(1);
		SeriesPoints points = series.get(0);
		assertThat(points.key().metric()).isEqualTo("room.temperature");
		assertThat(points.key().tags()).containsExactly(java.util.Map.entry("site", "lab"));
		assertThat(points.timestamps()).containsExactly(1764057600000L, 1764057601000L);
		assertThat(points.values()).containsExactly(21.5, 22.0);
	}

	@Test
	void repeatedTimestampKeepsTheLastValueSentAcrossObjectsOfTheSameSeries() {
		List<SeriesPoints> series = parse("""
				[{"metric": "m", "points": [[2000, 1], [1000, 2], [2000, 3]]},
				 {"metric": "m", "tags": {}, "points": [[1000, 4]]}]""");
		assertThat(series).hasSize(1);
		assertThat(series.get(0).timestamps()).containsExactly(1000L, 2000L);
		assertThat(series.get(0).values()).containsExactly(4.0, 3.0);
		assertThat(series.get(0).received()).isEqualTo(4);
	}

	@Test
	void collectsEveryRuleViolationWithItsField() {
		ApiProblem problem = problem("""
				[{"metric": "9bad", "tags": {"ok": "", "a b": "x", "c": "d"},
				  "points": [[-5, 1], [1764057600000, "x"], [1764057600000], ["yesterday", 1], [1764057600000, 1e400]]},
				 {"tags": {}, "points": []}]""");
		assertThat(problem.status().value()).isEqualTo(400);
		assertThat(problem.errors()).extracting(ApiProblem.FieldError::field)
			.contains("[0].metric", "[0].tags.ok", "[0].tags.a b", "[0].tags", "[0].points[0][0]", "[0].points[1][1]",
					"[0].points[2]", "[0].points[3][0]", "[0].points[4][1]", "[1].metric", "[1].points");
	}

	@Test
	void refusesTagValuesWithHalfACharacterButTakesWholeOnes() {
		// The escapes arrive as ASCII, so the UTF-8 check cannot see them; half a
		// surrogate
		// pair has no UTF-8 form and could only be stored as something else.
		ApiProblem problem = problem("[{\"metric\": \"m\", \"tags\": {\"site\": \"s0\\ud800\", "
				+ "\"low\": \"\\udc00x\"}, \"points\": [[1764057600000, 1]]}]");
		assertThat(problem.status().value()).isEqualTo(400);
		assertThat(problem.errors()).extracting(ApiProblem.FieldError::field)
			.containsExactlyInAnyOrder("[0].tags.site", "[0].tags.low");
		assertThat(problem.errors()).extracting(ApiProblem.FieldError::message)
			.allSatisfy((message) -> assertThat(message).contains("unpaired surrogate"));

		List<SeriesPoints> series = parse(
				"[{\"metric\": \"m\", \"tags\": {\"site\": \"\\ud83d\\ude00\"}, \"points\": [[1764057600000, 1]]}]");
		assertThat(series.get(0).key().tags()).containsEntry("site", "\ud83d\ude00");
	}

	@Test
	void refusesTimestampsMoreThanTheAllowedFutureAhead() {
		long tooFar = NOW.plus(Duration.ofDays(1)).toEpochMilli() + 1;
		ApiProblem problem = problem("[{\"metric\": \"m\", \"points\": [[" + tooFar + ", 1]]}]");
		assertThat(problem.errors()).singleElement()
			.satisfies((e) -> assertThat(e.message()).contains("outside the accepted window"));
	}

	@Test
	void namesTheUnitOfAnEpochNumberInSecondsOrMicroseconds() {
		PointsParser since2000 = new PointsParser(
				new IngestProperties(DataSize.ofMegabytes(16), DataSize.ofMegabytes(1), 5,
						Instant.parse("2000-01-01T00:00:00Z"), Duration.ofDays(1), 16, Duration.ofMillis(20), 2),
				new SeriesProperties(2, 100, Duration.ofHours(1), Duration.ofHours(1), 1000, 4, 100000),
				Clock.fixed(NOW, ZoneOffset.UTC));
		long seconds = NOW.getEpochSecond();

		assertThatExceptionOfType(ApiProblem.class).isThrownBy(
				() -> since2000.parseArray(("[{\"metric\": \"m\", \"points\": [[" + seconds + ", 1]]}]").getBytes()))
			.satisfies((e) -> assertThat(e.errors().get(0).message()).contains("it looks like epoch seconds"));
		assertThatExceptionOfType(ApiProblem.class)
			.isThrownBy(() -> since2000
				.parseArray(("[{\"metric\": \"m\", \"points\": [[" + seconds * 1_000_000 + ", 1]]}]").getBytes()))
			.satisfies((e) -> assertThat(e.errors().get(0).message()).contains("it looks like epoch microseconds"));
		assertThatExceptionOfType(ApiProblem.class)
			.isThrownBy(() -> since2000.parseArray("[{\"metric\": \"m\", \"points\": [[5, 1]]}]".getBytes()))
			.satisfies((e) -> assertThat(e.errors().get(0).message()).contains("outside the accepted window")
				.doesNotContain("looks like"));
	}

	@Test
	void refusesMoreThanTheConfiguredPointsPerRequest() {
		ApiProblem problem = problem("[{\"metric\": \"m\", \"points\": [[1,1],[2,1],[3,1],[4,1],[5,1],[6,1]]}]");
		assertThat(problem.detail()).contains("more than 5 points");
	}

	@Test
	void reportsMalformedJsonWithItsPosition() {
		assertThat(problem("[{\"metric\": \"m\", \"points\": [[1, NaN]]}]").detail())
			.contains("malformed JSON at line 1");
		assertThat(problem("[{\"metric\": \"m\"").detail()).contains("malformed JSON");
		assertThat(problem("{\"metric\": \"m\"}").detail()).contains("must be a JSON array");
		assertThat(problem("[{\"metric\": \"m\", \"metric\": \"n\", \"points\": [[1,1]]}]").detail())
			.contains("Duplicate");
		assertThat(problem("[] []").detail()).contains("after the JSON array");
	}

	@Test
	void refusesUnknownFieldsAndWrongTypes() {
		ApiProblem problem = problem("[{\"metric\": 5, \"tags\": [1], \"points\": {}, \"extra\": 1}]");
		assertThat(problem.errors()).extracting(ApiProblem.FieldError::field)
			.containsExactlyInAnyOrder("[0].metric", "[0].tags", "[0].points", "[0].extra");
	}

	@Test
	void refusesInvalidUtf8() {
		byte[] body = "[{\"metric\": \"m\", \"tags\": {\"k\": \"\u00ff\"}, \"points\": [[1, 1]]}]"
			.getBytes(StandardCharsets.ISO_8859_1);
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> this.parser.parseArray(body))
			.satisfies((p) -> assertThat(p.detail()).contains("malformed JSON"));
	}

	@Test
	void namesTheLineOfABadNdjsonLine() {
		ApiProblem problem = assertThatExceptionOfType(ApiProblem.class)
			.isThrownBy(() -> this.parser.parseLine("{\"metric\": \"m\", \"points\": [[1, true]]}".getBytes(), 7))
			.actual();
		assertThat(problem.detail()).startsWith("line 7: ");
		assertThat(problem.errors()).extracting(ApiProblem.FieldError::field).containsExactly("line 7: points[0][1]");
	}

	private List<SeriesPoints> parse(String json) {
		return this.parser.parseArray(json.getBytes(StandardCharsets.UTF_8));
	}

	private ApiProblem problem(String json) {
		return assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> parse(json)).actual();
	}

}
