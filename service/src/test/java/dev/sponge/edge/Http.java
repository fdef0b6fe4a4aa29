package dev.sponge.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Clients for the edge tests: from a chosen loopback address, and raw requests no client
 * library would send.
 */
final class Http {

	private Http() {
	}

	/**
	 * A client whose connections come from {@code sourceAddress} (any 127.x address works
	 * on Linux).
	 */
	static WebTestClient from(String sourceAddress, String baseUrl) {
		HttpClient client = HttpClient.create().bindAddress(() -> new InetSocketAddress(sourceAddress, 0));
		return WebTestClient.bindToServer(new ReactorClientHttpConnector(client)).baseUrl(baseUrl).build();
	}

	/**
	 * A client that never reuses a connection lighttpd may be closing: the edge closes
	 * connections idle for 10 s ({@code max-keep-alive-idle}), and a request sent on one
	 * at that moment fails with the connection closed under it, so this client drops
	 * connections idle for 5 s. For tests that wait between two requests.
	 */
	static WebTestClient toEdge(String baseUrl, Duration responseTimeout) {
		ConnectionProvider pool = ConnectionProvider.builder("edge-test").maxIdleTime(Duration.ofSeconds(5)).build();
		return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(pool)))
			.baseUrl(baseUrl)
			.responseTimeout(responseTimeout)
			.build();
	}

	/**
	 * Sends {@code head} (request line and headers, CRLF-separated, without the blank
	 * line) as is, with no body, and returns the status line and headers of the answer.
	 */
	static String raw(int port, String head) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			return answerHead(socket);
		}
	}

	/**
	 * Reads the status line and headers of an answer on {@code socket}, up to and
	 * including the blank line, and leaves its body unread.
	 */
	static String answerHead(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		StringBuilder answer = new StringBuilder();
		int b;
		// Stops at the blank line: an answer without a body on a kept-alive
		// connection sends nothing more.
		while (!answer.toString().endsWith("\r\n\r\n") && (b = in.read()) != -1) {
			answer.append((char) b);
		}
		return answer.toString();
	}

	/**
	 * Whether the server has closed the connection: reads and drops what it sent, and
	 * answers {@code false} if the stream has not ended within a tenth of a second.
	 */
	static boolean closed(Socket socket) throws IOException {
		socket.setSoTimeout(100);
		try {
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[8192];
			while (in.read(buffer) != -1) {
				// what the server sent before it closed is not the point
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (SocketException ex) {
			return true; // reset
		}
	}

	/**
	 * The status code of a GET of {@code path} exactly as written (no normalisation by a
	 * client library).
	 */
	static int rawStatus(int port, String path) throws IOException {
		String answer = raw(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close");
		return Integer.parseInt(answer.substring(9, 12));
	}

}
