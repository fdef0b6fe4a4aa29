package dev.sponge.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * An upload that reads the answer while it is still sending, as curl does. A server may
 * answer (413, 400, 401) before the body ends and then close the connection with the rest
 * unread; a client that only reads once it has sent everything can meet a reset first,
 * while this one has the answer in hand.
 */
public final class StreamingUpload {

	private StreamingUpload() {
	}

	/**
	 * POSTs {@code chunks} (chunk {@code i} for {@code i} in {@code [0, count)}) to
	 * {@code path} with the given headers, chunked, and returns the answer.
	 */
	public static Answer post(int port, String path, Map<String, String> headers, int count, IntFunction<String> chunks)
			throws IOException {
		return post(port, path, headers, "Transfer-Encoding: chunked", (out) -> {
			for (int i = 0; i < count; i++) {
				byte[] bytes = chunks.apply(i).getBytes(StandardCharsets.UTF_8);
				out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
				out.write(bytes);
				out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		});
	}

	/**
	 * POSTs {@code chunks} (chunk {@code i} for {@code i} in {@code [0, count)}) to
	 * {@code path} with the given headers, as one body of the {@code length} that the
	 * {@code Content-Length} header announces, and returns the answer.
	 */
	public static Answer postSized(int port, String path, Map<String, String> headers, long length, int count,
			IntFunction<String> chunks) throws IOException {
		return post(port, path, headers, "Content-Length: " + length, (out) -> {
			for (int i = 0; i < count; i++) {
				out.write(chunks.apply(i).getBytes(StandardCharsets.UTF_8));
			}
		});
	}

	private static Answer post(int port, String path, Map<String, String> headers, String framing, Body body)
			throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
			headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
			head.append(framing).append("\r\n\r\n");
			out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> send(out, body));
			try {
				return read(socket.getInputStream());
			}
			finally {
				sending.cancel(true);
			}
		}
	}

	private static void send(OutputStream out, Body body) {
		try {
			body.writeTo(out);
			out.flush();
		}
		catch (IOException ex) {
			// The server answered and closed: what it said is read by the caller.
		}
	}

	@FunctionalInterface
	private interface Body {

		void writeTo(OutputStream out) throws IOException;

	}

	private static Answer read(InputStream in) throws IOException {
		String statusLine = line(in);
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = line(in); !line.isEmpty(); line = line(in)) {
			int colon = line.indexOf(':');
			headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
		}
		byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
		return new Answer(Integer.parseInt(statusLine.substring(9, 12)), headers,
				new String(body, StandardCharsets.UTF_8));
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b == -1) {
				throw new IOException("the connection ended inside the answer's head: " + line);
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	/**
	 * What the server answered.
	 *
	 * @param status the status code
	 * @param headers the headers, names in lower case
	 * @param body the body
	 */
	public record Answer(int status, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

}
