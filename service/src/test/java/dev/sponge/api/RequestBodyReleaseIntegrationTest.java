package dev.sponge.api;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.netty.util.IllegalReferenceCountException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import dev.sponge.SpongeApplication;
import dev.sponge.support.Api;
import dev.sponge.support.CapturedLogs;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.NettyLeakCheck;
import dev.sponge.support.RealInfrastructure;
import dev.sponge.support.StreamingUpload;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every path an ingest body can take releases each of its buffers exactly once: read
 * whole, refused before reading, refused part-way, cut off by the client. Each test
 * checks what the client sees and that nothing of a refused body was written, then that
 * Netty reports no leaked buffer.
 */
@IntegrationTest
class RequestBodyReleaseIntegrationTest {

	private static final long DAY = 1764028800000L;

	private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	/** A second instance that admits one ingest at a time. */
	private static ConfigurableApplicationContext oneAtATime;

	private final WebTestClient client;

	private final Api api;

	private final int port;

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.writerReader(this.tenant);

	RequestBodyReleaseIntegrationTest(@Autowired WebTestClient client, @LocalServerPort int port) {
		this.client = client.mutate().responseTimeout(Duration.ofMinutes(1)).build();
		this.api = new Api(client);
		this.port = port;
	}

	@BeforeAll
	static void startAnInstanceThatAdmitsOneIngestAtATime() {
		oneAtATime = new SpringApplicationBuilder(SpongeApplication.class).initializers(new RealInfrastructure())
			.run("--server.port=0", "--sponge.ingest.admission.max-concurrent-requests=1");
	}

	@AfterAll
	static void stopTheInstance() {
		oneAtATime.close();
	}

	/** Netty's and Reactor Netty's complaints: a buffer released twice is one of them. */
	private CapturedLogs nettyLogs;

	@BeforeEach
	void captureNettyLogs() {
		this.nettyLogs = CapturedLogs.of("reactor.netty");
	}

	@AfterEach
	void noBufferLeakedOrReleasedTwice(TestInfo test) {
		try (CapturedLogs logs = this.nettyLogs) {
			NettyLeakCheck.assertNoLeak("the end of " + test.getDisplayName());
			assertThat(logs.events()).filteredOn(RequestBodyReleaseIntegrationTest::releasedTooOften)
				.as("buffers released more often than they were retained")
				.isEmpty();
		}
	}

	private static boolean releasedTooOften(ILoggingEvent event) {
		for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
			if (IllegalReferenceCountException.class.getName().equals(cause.getClassName())) {
				return true;
			}
		}
		return false;
	}

	@Test
	void aJsonBodyWhoseContentLengthIsOverTheLimitIsRefusedUnreadWith413() {
		// A valid series, padded past 16 MiB: written if anything read it.
		byte[] body = padded("[" + seriesJson("declared", 1) + "]", 16 * 1024 * 1024 + 1);

		this.api.ingest(this.token, body)
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("sponge.ingest.max-json-body-size"));

		assertNothingWritten();
	}

	@Test
	void aJsonBodyThatGrowsOverTheLimitWhileStreamingIsRefusedWith413() throws IOException {
		// No Content-Length: the limit is found while the chunks are read. The answer
		// comes
		// while the client is still sending, so it is read as curl reads it.
		int padding = 17 * 16;
		StreamingUpload.Answer answer = StreamingUpload.post(this.port, "/api/v1/points",
				headers(MediaType.APPLICATION_JSON), padding + 2,
				(i) -> (i == 0) ? "[" + seriesJson("streamed", 1) + "," : (i <= padding) ? " ".repeat(64 * 1024) : "]");

		assertThat(answer.status()).isEqualTo(413);
		assertThat(answer.header(HttpHeaders.CONTENT_TYPE)).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(answer.body()).contains("sponge.ingest.max-json-body-size");
		assertNothingWritten();
	}

	@Test
	void aMalformedJsonBodyInManyChunksIsRefusedWith400() {
		Flux<DataBuffer> body = Flux.just(text("[" + seriesJson("malformed", 1) + ", "), text("{\"metric\": "),
				text("\"m\", \"points\": [[1764028800000, 1]"));

		this.client.post()
			.uri("/api/v1/points")
			.headers(Api.bearer(this.token))
			.contentType(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromDataBuffers(body))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:sponge:problem:malformed-json")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).startsWith("malformed JSON"));

		assertNothingWritten();
	}

	@Test
	void anNdjsonStreamStopsAtItsBadLineAndLeavesTheRestUnread() throws IOException {
		// Megabytes of good lines after the bad one, which the service must not read.
		StreamingUpload.Answer answer = StreamingUpload.post(this.port, "/api/v1/points", headers(NDJSON), 2002,
				(i) -> switch (i) {
					case 0 -> seriesJson("before", 3) + "\n";
					case 1 -> "{\"metric\": 7}\n";
					default -> seriesJson("after", 100) + "\n";
				});

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.header(HttpHeaders.CONTENT_TYPE)).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(answer.body()).contains("line 2: ")
			.contains("stopped at line 2 and the 3 points of the lines before it were written");
		assertThat(this.api.metricNames(this.token)).containsExactly("before");
	}

	@Test
	void anNdjsonUploadWhoseClientDisconnectsHalfWayEndsWithoutItsTornLine() throws IOException {
		String requestId = "disconnect-" + UUID.randomUUID();
		try (CapturedLogs audit = CapturedLogs.of("sponge.audit")) {
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				OutputStream out = socket.getOutputStream();
				out.write(("POST /api/v1/points HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + this.token
						+ "\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\nX-Request-Id: "
						+ requestId + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				for (int i = 0; i < 50; i++) {
					chunk(out, seriesJson("whole", 100) + "\n");
				}
				// Half a line, then the connection is reset: no terminating chunk.
				chunk(out, seriesJson("torn", 100).substring(0, 200));
				out.flush();
				socket.setSoLinger(true, 0);
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> audited(audit, requestId) != null);
			assertThat(CapturedLogs.keyValues(audited(audit, requestId))).containsEntry("route", "/api/v1/points")
				.as("a client that went away is not a server failure")
				.containsEntry("status", "499");
		}

		assertThat(this.api.metricNames(this.token)).doesNotContain("torn");
		// The instance still takes ingest from the same client.
		this.api.ingested(this.token, List.of(Api.series("later", Map.of(), List.of(List.of(DAY, 1)))));
	}

	@Test
	void anIngestBeyondTheAdmissionLimitIsRefusedWith503BeforeItsBodyIsRead() throws Exception {
		WebClient instance = WebClient.create("http://127.0.0.1:" + portOf(oneAtATime));
		HeldUpload[] held = { hold(instance) };
		// Empty probes write nothing either way; once one is refused, the held upload has
		// the only slot. A probe can take the slot first, and the held upload is refused:
		// then it is sent again.
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			if (held[0].answer().isDone()) {
				held[0] = hold(instance);
			}
			return ingest(instance, Flux.empty()).getStatusCode() == HttpStatus.SERVICE_UNAVAILABLE
					&& !held[0].answer().isDone();
		});

		Flux<DataBuffer> refusedBody = Flux.range(0, 200).map((i) -> text(seriesJson("refused", 100) + "\n"));
		ResponseEntity<String> refused = ingest(instance, refusedBody);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getBody()).contains("Too many ingest requests in progress");
		held[0].body().tryEmitNext(text(seriesJson("held.too", 1) + "\n"));
		held[0].body().tryEmitComplete();
		ResponseEntity<String> heldAnswer = held[0].answer().get(30, TimeUnit.SECONDS);
		assertThat(heldAnswer.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(heldAnswer.getBody()).isEqualTo("{\"series\":2,\"points\":2}");
		assertThat(metrics(instance)).containsExactlyInAnyOrder("held", "held.too");
	}

	@Test
	void anIngestWithoutAValidTokenOrTheWriterRoleIsRefusedBeforeItsBodyIsRead() {
		Flux<DataBuffer> body = Flux.range(0, 200).map((i) -> text(seriesJson("unauthorised", 100) + "\n"));
		this.client.post()
			.uri("/api/v1/points")
			.contentType(NDJSON)
			.body(BodyInserters.fromDataBuffers(body))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401);

		this.client.post()
			.uri("/api/v1/points")
			.headers(Api.bearer(Tokens.withGroups(this.tenant, "sponge-reader")))
			.contentType(NDJSON)
			.body(BodyInserters.fromDataBuffers(body))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("WRITER"));

		assertNothingWritten();
	}

	private Map<String, String> headers(MediaType contentType) {
		return Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + this.token, HttpHeaders.CONTENT_TYPE,
				contentType.toString());
	}

	/**
	 * Starts an NDJSON upload whose first line is sent and whose end waits for the test.
	 */
	private HeldUpload hold(WebClient instance) {
		Sinks.Many<DataBuffer> body = Sinks.many().unicast().onBackpressureBuffer();
		body.tryEmitNext(text(seriesJson("held", 1) + "\n"));
		CompletableFuture<ResponseEntity<String>> answer = instance.post()
			.uri("/api/v1/points")
			.headers(Api.bearer(this.token))
			.contentType(NDJSON)
			.body(BodyInserters.fromDataBuffers(body.asFlux()))
			.exchangeToMono((response) -> response.toEntity(String.class))
			.toFuture();
		return new HeldUpload(body, answer);
	}

	private record HeldUpload(Sinks.Many<DataBuffer> body, CompletableFuture<ResponseEntity<String>> answer) {
	}

	private ResponseEntity<String> ingest(WebClient instance, Flux<DataBuffer> ndjson) {
		return instance.post()
			.uri("/api/v1/points")
			.headers(Api.bearer(this.token))
			.contentType(NDJSON)
			.body(BodyInserters.fromDataBuffers(ndjson))
			.exchangeToMono((response) -> response.toEntity(String.class))
			.block(Duration.ofSeconds(30));
	}

	private void assertNothingWritten() {
		assertThat(this.api.metricNames(this.token)).isEmpty();
	}

	@SuppressWarnings("unchecked")
	private List<String> metrics(WebClient instance) {
		Map<String, Object> page = instance.get()
			.uri("/api/v1/metrics")
			.headers(Api.bearer(this.token))
			.retrieve()
			.bodyToMono(Map.class)
			.block(Duration.ofSeconds(30));
		return (List<String>) page.get("metrics");
	}

	private static ILoggingEvent audited(CapturedLogs audit, String requestId) {
		return audit.events()
			.stream()
			.filter((event) -> requestId.equals(CapturedLogs.keyValues(event).get("requestId")))
			.findFirst()
			.orElse(null);
	}

	private static String seriesJson(String metric, int points) {
		List<String> pairs = new ArrayList<>();
		for (int i = 0; i < points; i++) {
			pairs.add("[" + (DAY + i * 1000L) + ", " + i + "]");
		}
		return "{\"metric\": \"" + metric + "\", \"points\": [" + String.join(", ", pairs) + "]}";
	}

	private static byte[] padded(String json, int size) {
		byte[] body = new byte[size];
		Arrays.fill(body, (byte) ' ');
		byte[] text = json.getBytes(StandardCharsets.UTF_8);
		System.arraycopy(text, 0, body, 0, text.length);
		return body;
	}

	private static DataBuffer text(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private static void chunk(OutputStream out, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		out.write(bytes);
		out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
	}

	private static int portOf(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
