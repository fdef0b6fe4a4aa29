package dev.sponge.edge;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.sponge.support.StreamingUpload;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API request bodies stream through the edge to the service, which refuses a stranger
 * before it reads the body: a 16 MB upload without a token, or with one that may not
 * write, is answered without the edge storing it in its upload directory (in Kubernetes a
 * 64 MiB emptyDir, which a handful of stored uploads would overflow).
 */
@EdgeTest
class EdgeRequestBodyTest {

	/** Just under the API's 16 MiB body limit at the edge: 250 chunks of 64 KiB. */
	private static final int CHUNKS = 250;

	private static final String CHUNK = " ".repeat(64 * 1024);

	/**
	 * At most what the edge may store of a refused body, far below the 16 MB it stored
	 * before streaming: what arrives while the service decides and the connection to the
	 * service cannot absorb (lighttpd 1.4 writes a chunked body past its first 64 KiB
	 * through files of up to 1 MiB). In practice nothing, as the service refuses within
	 * milliseconds.
	 */
	private static final long AT_MOST_STORED = 2 * 1024 * 1024;

	private final LighttpdProcess edge;

	EdgeRequestBodyTest(@LocalServerPort int servicePort) {
		this.edge = LighttpdProcess.sharedFor(servicePort);
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void anUploadWithoutATokenIsRefusedBeforeTheEdgeStoresIt(Framing framing) throws IOException {
		StreamingUpload.Answer answer = uploadWatchingTheUploadDirectory(framing, null);
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void anUploadWithATokenThatMayNotWriteIsRefusedBeforeTheEdgeStoresIt(Framing framing) throws IOException {
		String reader = Tokens.withGroups(Tokens.uniqueTenant(), "sponge-reader");
		StreamingUpload.Answer answer = uploadWatchingTheUploadDirectory(framing, reader);
		assertThat(answer.status()).isEqualTo(403);
	}

	private StreamingUpload.Answer uploadWatchingTheUploadDirectory(Framing framing, String token) throws IOException {
		Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
		if (token != null) {
			headers.put("Authorization", "Bearer " + token);
		}
		try (UploadDirectoryWatch uploads = UploadDirectoryWatch.of(this.edge)) {
			StreamingUpload.Answer answer = switch (framing) {
				case CONTENT_LENGTH ->
					StreamingUpload.postSized(this.edge.port(), "/api/v1/points", headers, CHUNKS, CHUNK);
				case CHUNKED -> StreamingUpload.post(this.edge.port(), "/api/v1/points", headers, CHUNKS, (i) -> CHUNK);
			};
			assertThat(uploads.largestBytes()).as("most bytes in the edge's upload directory during the upload")
				.isLessThanOrEqualTo(AT_MOST_STORED);
			Awaitility.await("the edge's upload directory empty once the upload is answered")
				.atMost(Duration.ofSeconds(10))
				.until(uploads::bytesNow, (bytes) -> bytes == 0);
			return answer;
		}
	}

	/** How the client frames its body. */
	enum Framing {

		/** Announced with Content-Length. */
		CONTENT_LENGTH,

		/** Transfer-Encoding: chunked, as a client that streams its body sends it. */
		CHUNKED

	}

}
