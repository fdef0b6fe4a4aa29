package dev.sponge.rollups;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.cassandranode.CassandraNode;
import dev.sponge.forkedjvm.ForkedJvm;
import dev.sponge.forkedjvm.Ports;
import dev.sponge.oidcissuer.OidcIssuer;
import dev.sponge.points.TimeBuckets;
import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.RealInfrastructure;
import dev.sponge.support.RollupsConverged;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rollup workers against the real Cassandra node: acknowledged writes leave durable
 * marks, any instance's worker recomputes them within the configured delay, and the work
 * of an instance killed with SIGKILL is finished by another.
 */
@IntegrationTest
class RollupWorkerIntegrationTest {

	/** 2025-11-25T00:00:00Z. */
	private static final long DAY = 1764028800000L;

	private static final long MINUTE = 60_000L;

	private final Api api;

	private final CqlSession session;

	private final MeterRegistry meters;

	private final RollupProperties properties;

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.writerReader(this.tenant);

	private final int doomedPort = Ports.freePort();

	RollupWorkerIntegrationTest(@Autowired WebTestClient client, @Autowired CqlSession session,
			@Autowired MeterRegistry meters, @Autowired RollupProperties properties) {
		this.api = new Api(client);
		this.session = session;
		this.meters = meters;
		this.properties = properties;
	}

	@Test
	void anAcknowledgedWriteLeavesMarksThatTheWorkersClearWithinTheConfiguredDelay() {
		long start = DAY + 3 * 3_600_000L;
		List<List<Number>> points = new ArrayList<>();
		for (int i = 0; i < 180; i++) {
			points.add(List.of(start + i * 1_000L, (double) i));
		}
		this.api.ingested(this.token, List.of(series("converge", Map.of(), points)));
		long acknowledged = System.nanoTime();

		assertThat(pendingMinutes("converge")).as("marks of the three minutes written").isEqualTo(3);

		// The bound the defaults promise (settle + slot + grace + poll), plus room for
		// the
		// recompute itself on a machine the suite shares with the node.
		Duration bound = this.properties.settle()
			.plus(this.properties.slot())
			.plus(this.properties.grace())
			.plus(this.properties.poll());
		await().atMost(bound.plusSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> pendingMinutes("converge") == 0);
		Duration took = Duration.ofNanos(System.nanoTime() - acknowledged);
		assertThat(took).as("time to converge, bound " + bound).isLessThan(bound.plusSeconds(10));

		List<Row> minutes = this.session
			.execute("SELECT ts, count, sum, first, last FROM rollup_1m WHERE tenant = ? AND series_id = ? AND day = ?",
					this.tenant, seriesId("converge"), TimeBuckets.dayOf(start))
			.all();
		assertThat(minutes).hasSize(3);
		assertThat(minutes).allSatisfy((row) -> assertThat(row.getLong(1)).isEqualTo(60));
		assertThat(minutes.get(2).getDouble(2)).isEqualTo(sum(120, 180));
		assertThat(this.meters.get("sponge.rollups.lag").gauge().value()).isLessThan(bound.toSeconds() + 10.0);
	}

	@Test
	void aBackfillWithMoreMarksThanOnePassReadsIsRecomputedCompletely() {
		// Three series of 12,000 minutes each: more marks than one pass of their group
		// reads, so the group needs further passes to finish.
		int minutes = 12_000;
		assertThat(3 * minutes).isGreaterThan(RollupRecompute.MARKS_PER_PASS);
		long start = DAY - 10 * 86_400_000L;
		List<Map<String, Object>> body = new ArrayList<>();
		for (String host : List.of("a", "b", "c")) {
			List<List<Number>> points = new ArrayList<>(minutes);
			for (int i = 0; i < minutes; i++) {
				points.add(List.of(start + i * MINUTE, 1.0));
			}
			body.add(series("backfill", Map.of("host", host), points));
		}
		this.api.ingested(this.token, body);

		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> pendingMinutes("backfill") == 0);

		List<Integer> months = new ArrayList<>();
		for (long ts = start; ts < start + minutes * MINUTE; ts += 86_400_000L) {
			if (!months.contains(TimeBuckets.monthOf(ts))) {
				months.add(TimeBuckets.monthOf(ts));
			}
		}
		List<Row> series = this.session
			.execute("SELECT series_id FROM series WHERE tenant = ? AND metric = ?", this.tenant, "backfill")
			.all();
		assertThat(series).hasSize(3);
		for (Row row : series) {
			long counted = 0;
			long hours = 0;
			for (int month : months) {
				for (Row hour : this.session
					.execute("SELECT count FROM rollup_1h WHERE tenant = ? AND series_id = ? AND month = ?",
							this.tenant, row.getString(0), month)
					.all()) {
					counted += hour.getLong(0);
					hours++;
				}
			}
			assertThat(hours).as("hour rows of " + row.getString(0)).isEqualTo(minutes / 60);
			assertThat(counted).as("points in the hour rows of " + row.getString(0)).isEqualTo(minutes);
		}
	}

	@Test
	void aMinuteMarkedLatelyIsNotMarkedAgainAndItsRollupHoldsEveryPoint() {
		// The current minute, or the next one when this one is about to end: its mark
		// covers later requests until the minute is over.
		long now = System.currentTimeMillis();
		long minute = Math.floorDiv(now, MINUTE) * MINUTE;
		if (minute + MINUTE - now < 20_000) {
			minute += MINUTE;
		}
		long first = minute;
		this.api.ingested(this.token, List.of(series("coalesced", Map.of(), List.of(List.of(first, 1.0)))));
		long markedAt = markWriteTime("coalesced", minute);
		this.api.ingested(this.token, List
			.of(series("coalesced", Map.of(), List.of(List.of(first + 1_000L, 2.0), List.of(first + 2_000L, 4.0)))));
		assertThat(markWriteTime("coalesced", minute)).as("the mark's write time after a second request")
			.isEqualTo(markedAt);

		await().atMost(RollupsConverged.DEADLINE.plus(Duration.ofMinutes(1)))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> pendingMinutes("coalesced") == 0);
		Row row = this.session
			.execute("SELECT count, sum FROM rollup_1m WHERE tenant = ? AND series_id = ? AND day = ? AND ts = ?",
					this.tenant, seriesId("coalesced"), TimeBuckets.dayOf(minute),
					java.time.Instant.ofEpochMilli(minute))
			.one();
		assertThat(row).isNotNull();
		assertThat(row.getLong(0)).as("points of both requests in the minute's rollup").isEqualTo(3);
		assertThat(row.getDouble(1)).isEqualTo(7.0);
	}

	private long markWriteTime(String metric, long minute) {
		Row mark = this.session
			.execute(
					"SELECT WRITETIME(ttl_seconds) FROM rollup_marks WHERE tenant = ? AND metric = ? "
							+ "AND series_id = ? AND minute = ?",
					this.tenant, metric, seriesId(metric), java.time.Instant.ofEpochMilli(minute))
			.one();
		assertThat(mark).as("the mark of the minute").isNotNull();
		return mark.getLong(0);
	}

	@Test
	void aSlowWriteMarksAgainOnlyTheMinutesWhoseMarksAWorkerMayHaveTaken(@Autowired RollupMarks marks) {
		this.api.ingested(this.token, List.of(series("slow", Map.of(), List.of(List.of(DAY, 1.0)))));
		String seriesId = seriesId("slow");
		long past = DAY + 9 * 3_600_000L;
		long now = System.currentTimeMillis();
		long later = Math.floorDiv(now, MINUTE) * MINUTE + 5 * MINUTE;
		long settleMicros = this.properties.settle().toNanos() / 1000L;
		long before = now * 1000L;
		// A write that takes as long as settle: a worker may have taken the mark of the
		// minute long over (due settle after its write), not that of a minute still to
		// come (due settle after that minute ends).
		marks
			.around(this.tenant, List.of(new RollupMarks.Written("slow", seriesId, new long[] { past, later })), 0, 0L,
					Mono.delay(this.properties.settle()).then())
			.block(Duration.ofSeconds(30));
		assertThat(markWriteTime("slow", past)).as("the past minute, marked again after the write")
			.isGreaterThanOrEqualTo(before + settleMicros);
		assertThat(markWriteTime("slow", later)).as("the coming minute, marked once before the write")
			.isLessThan(before + settleMicros);
	}

	@Test
	void marksThePreviousSchemaVersionWroteAreReadByQueriesAndRecomputed(@Autowired RollupMarks marks) {
		long hour = DAY + 7 * 3_600_000L;
		this.api.ingested(this.token, List.of(series("upgrade", Map.of(), List.of(List.of(hour, 1.0)))));
		await().atMost(RollupsConverged.DEADLINE)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> pendingMinutes("upgrade") == 0);
		assertThat(hourCount("upgrade", hour)).isEqualTo(1);

		// What an instance of schema version 5 does during a rolling upgrade: a mark in
		// rollup_dirty, then the points (60 in the hour's second minute). Not queued yet,
		// so no worker clears the mark before the query below.
		String seriesId = seriesId("upgrade");
		long minute = hour + MINUTE;
		this.session.execute(
				"INSERT INTO rollup_dirty (tenant, metric, series_id, minute, ttl_seconds) " + "VALUES (?, ?, ?, ?, 0)",
				this.tenant, "upgrade", seriesId, java.time.Instant.ofEpochMilli(minute));
		for (int i = 0; i < 60; i++) {
			this.session.execute("INSERT INTO points (tenant, series_id, day, ts, value) VALUES (?, ?, ?, ?, 2.0)",
					this.tenant, seriesId, TimeBuckets.dayOf(minute),
					java.time.Instant.ofEpochMilli(minute + i * 1_000L));
		}
		assertThat(hourCount("upgrade", hour)).as("the hour's count while only rollup_dirty marks the minute")
			.isEqualTo(61);

		marks.requeue(new RollupMarks.Queued(this.tenant, "upgrade", seriesId)).block(Duration.ofSeconds(10));
		await().atMost(RollupsConverged.DEADLINE)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> pendingMinutes("upgrade") == 0);
		Row recomputed = this.session
			.execute("SELECT count FROM rollup_1h WHERE tenant = ? AND series_id = ? AND month = ? AND ts = ?",
					this.tenant, seriesId, TimeBuckets.monthOf(hour), java.time.Instant.ofEpochMilli(hour))
			.one();
		assertThat(recomputed).isNotNull();
		assertThat(recomputed.getLong(0)).as("the hour row once the worker cleared the mark").isEqualTo(61);
		assertThat(hourCount("upgrade", hour)).isEqualTo(61);
	}

	/** The hour's point count as the API answers it (planner: rollups where current). */
	@SuppressWarnings("unchecked")
	private long hourCount(String metric, long hour) {
		Map<String, Object> page = this.api.points(this.token,
				(q) -> q.queryParam("metric", metric)
					.queryParam("from", hour)
					.queryParam("to", hour + 3_600_000L)
					.queryParam("step", "1h")
					.queryParam("agg", "count"));
		List<Map<String, Object>> series = (List<Map<String, Object>>) page.get("series");
		List<List<Number>> rows = (List<List<Number>>) series.get(0).get("rows");
		assertThat(rows).hasSize(1);
		return rows.get(0).get(1).longValue();
	}

	@Test
	void theMarkedWorkOfAnInstanceKilledWithSigkillIsFinishedByAnotherInstance() throws Exception {
		long start = DAY + 5 * 3_600_000L;
		try (ForkedJvm doomed = startInstance()) {
			doomed.awaitPort("127.0.0.1", this.doomedPort, Duration.ofSeconds(120));
			WebTestClient other = WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + this.doomedPort)
				.responseTimeout(Duration.ofSeconds(30))
				.build();
			List<List<Number>> points = new ArrayList<>();
			for (int i = 0; i < 240; i++) {
				points.add(List.of(start + i * 1_000L, (double) i));
			}
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> new Api(other).ingested(this.token, List.of(series("killed", Map.of(), points))));
			doomed.kill();
			assertThat(doomed.isAlive()).isFalse();
		}
		// The instance acknowledged the write and died before any of its work fell due:
		// the marks are in Cassandra, and this instance's worker finishes them.
		assertThat(pendingMinutes("killed")).isEqualTo(4);
		await().atMost(this.properties.lease().plusSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> pendingMinutes("killed") == 0);
		List<Row> minutes = this.session
			.execute("SELECT ts, count, sum FROM rollup_1m WHERE tenant = ? AND series_id = ? AND day = ?", this.tenant,
					seriesId("killed"), TimeBuckets.dayOf(start))
			.all();
		assertThat(minutes).extracting((row) -> row.getLong(1)).containsExactly(60L, 60L, 60L, 60L);
		Row hour = this.session
			.execute("SELECT count, sum FROM rollup_1h WHERE tenant = ? AND series_id = ? AND month = ? AND ts = ?",
					this.tenant, seriesId("killed"), TimeBuckets.monthOf(start), java.time.Instant.ofEpochMilli(start))
			.one();
		assertThat(hour).isNotNull();
		assertThat(hour.getLong(0)).isEqualTo(240);
		assertThat(hour.getDouble(1)).isEqualTo(sum(0, 240));
	}

	/** A second Sponge in its own JVM, on the same node, issuer and keyspace. */
	private ForkedJvm startInstance() throws Exception {
		CassandraNode node = CassandraNode.shared();
		OidcIssuer issuer = OidcIssuer.shared();
		List<Path> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.map(Path::of)
			.toList();
		Path log = Files.createTempFile("sponge-doomed-", ".log");
		return ForkedJvm.builder("dev.sponge.SpongeApplication")
			.name("sponge-doomed")
			.classpath(classpath)
			.jvmOptions("-Xmx384m", "-XX:TieredStopAtLevel=1")
			.args("--server.port=" + this.doomedPort,
					"--spring.cassandra.contact-points=" + node.host() + ":" + node.nativePort(),
					"--spring.cassandra.local-datacenter=" + node.localDatacenter(),
					"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer.issuerUri(Tokens.ISSUER_ID),
					"--sponge.cassandra.keyspace=" + RealInfrastructure.KEYSPACE,
					"--sponge.cassandra.replication.strategy=SimpleStrategy", "--sponge.cassandra.replication.factor=1",
					"--sponge.paging.signing-key=integration-test-cursor-signing-key")
			.logFile(log)
			.start();
	}

	private long pendingMinutes(String metric) {
		return RollupsConverged.pending(this.session, this.tenant, metric);
	}

	private String seriesId(String metric) {
		return this.session.execute("SELECT series_id FROM series WHERE tenant = ? AND metric = ?", this.tenant, metric)
			.one()
			.getString(0);
	}

	private static double sum(int from, int to) {
		double sum = 0;
		for (int i = from; i < to; i++) {
			sum += i;
		}
		return sum;
	}

}
