package dev.sponge.edge;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deadlines against slow clients (slowloris), through a lighttpd of its own whose
 * deadlines ({@code SPONGE_EDGE_*_IDLE_SECONDS}) are a few seconds, in front of the
 * service: a client that falls silent before its request is complete is disconnected once
 * the deadline for that part of the request has passed, and not before.
 */
@EdgeTest
class EdgeSlowClientTest {

	private static final Duration HEAD_IDLE = Duration.ofSeconds(2);

	private static final Duration KEEP_ALIVE_IDLE = Duration.ofSeconds(4);

	private static final Duration BODY_IDLE = Duration.ofSeconds(7);

	/**
	 * How long after a deadline lighttpd may close: it checks once a second, against
	 * timestamps in whole seconds; plus slack for a busy machine.
	 */
	private static final Duration CHECK_DELAY = Duration.ofSeconds(3);

	private final String upstream;

	private final String tenant = Tokens.uniqueTenant();

	private LighttpdProcess edge;

	EdgeSlowClientTest(@LocalServerPort int servicePort) {
		this.upstream = "127.0.0.1:" + servicePort;
	}

	@BeforeEach
	void startEdge() {
		this.edge = LighttpdProcess.start(this.upstream,
				Map.of("SPONGE_EDGE_HEAD_IDLE_SECONDS", seconds(HEAD_IDLE), "SPONGE_EDGE_KEEP_ALIVE_IDLE_SECONDS",
						seconds(KEEP_ALIVE_IDLE), "SPONGE_EDGE_BODY_IDLE_SECONDS", seconds(BODY_IDLE)));
	}

	@AfterEach
	void stopEdge() {
		this.edge.close();
	}

	static Stream<Named<String>> partialHeads() {
		return Stream.of(Named.of("nothing at all", ""), Named.of("part of the request line", "GET /api/v1/me"),
				Named.of("the request line and a header but not the blank line",
						"GET /api/v1/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer eyJ"));
	}

	@ParameterizedTest(name = "having sent {0}")
	@MethodSource("partialHeads")
	void aClientThatFallsSilentBeforeItsRequestHeadIsCompleteIsDisconnectedAtTheHeadDeadline(String sent)
			throws IOException {
		try (Socket socket = connect()) {
			send(socket, sent);
			assertDisconnectedAt(socket, HEAD_IDLE);
		}
	}

	@ParameterizedTest(name = "having sent {0}")
	@MethodSource("partialHeads")
	void aKeptAliveConnectionThatFallsSilentBeforeItsNextRequestIsCompleteIsDisconnectedAtTheKeepAliveDeadline(
			String sent) throws IOException {
		try (Socket socket = connect()) {
			send(socket, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
			assertThat(Http.answerHead(socket)).startsWith("HTTP/1.1 200 ");
			send(socket, sent);
			assertDisconnectedAt(socket, KEEP_ALIVE_IDLE);
		}
	}

	@Test
	void anUploadThatFallsSilentMidwayIsDisconnectedAtTheBodyDeadlineNotTheHeadDeadline() throws IOException {
		try (Socket socket = connect()) {
			send(socket,
					"POST /api/v1/points HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
							+ Tokens.writerReader(this.tenant)
							+ "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"series\": [");
			assertDisconnectedAt(socket, BODY_IDLE);
		}
	}

	private Socket connect() throws IOException {
		return new Socket("127.0.0.1", this.edge.port());
	}

	private static void send(Socket socket, String text) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(text.getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	/**
	 * The edge closes the connection {@code deadline} after the client's last byte, not
	 * sooner, and within a few seconds after.
	 */
	private static void assertDisconnectedAt(Socket socket, Duration deadline) {
		Awaitility.await("the edge closing the connection " + deadline.toSeconds() + " s after the client fell silent")
			.between(deadline.minusMillis(250), deadline.plus(CHECK_DELAY))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> Http.closed(socket));
	}

	private static String seconds(Duration duration) {
		return Long.toString(duration.toSeconds());
	}

}
