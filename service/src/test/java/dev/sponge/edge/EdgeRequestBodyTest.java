package dev.sponge.edge;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.sponge.support.StreamingUpload;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API request bodies stream through the edge to the service, which refuses a stranger
 * before it reads the body: an upload that announces 16 MB without a token, or with one
 * that may not write, is answered while the client has sent only its first MiB, and the
 * edge's upload directory (in Kubernetes a 64 MiB emptyDir, which a handful of collected
 * uploads would overflow) holds no more than that part meanwhile and nothing afterwards.
 * An edge that collected bodies before passing them on would wait for the other 15 MB and
 * never answer.
 */
@EdgeTest
class EdgeRequestBodyTest {

	private static final String CHUNK = " ".repeat(64 * 1024);

	/** Just under the API's 16 MiB body limit at the edge: 250 chunks of 64 KiB. */
	private static final int CHUNKS = 250;

	/** The chunks sent before the client waits for the answer: 1 MiB. */
	private static final int SENT_BEFORE_ANSWER = 16;

	private final LighttpdProcess edge;

	EdgeRequestBodyTest(@LocalServerPort int servicePort) {
		this.edge = LighttpdProcess.sharedFor(servicePort);
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void anUploadWithoutATokenIsRefusedBeforeTheEdgeCollectsIt(Framing framing) throws IOException {
		StreamingUpload.Answer answer = uploadWatchingTheUploadDirectory(framing, Map.of());
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void anUploadWithATokenThatMayNotWriteIsRefusedBeforeTheEdgeCollectsIt(Framing framing) throws IOException {
		String reader = Tokens.withGroups(Tokens.uniqueTenant(), "sponge-reader");
		StreamingUpload.Answer answer = uploadWatchingTheUploadDirectory(framing,
				Map.of("Authorization", "Bearer " + reader));
		assertThat(answer.status()).isEqualTo(403);
	}

	/**
	 * Announces a body of {@link #CHUNKS} chunks, sends {@link #SENT_BEFORE_ANSWER} of
	 * them and the rest only once the answer is in.
	 */
	private StreamingUpload.Answer uploadWatchingTheUploadDirectory(Framing framing, Map<String, String> credentials)
			throws IOException {
		Map<String, String> headers = new HashMap<>(credentials);
		headers.put("Content-Type", "application/json");
		CompletableFuture<Void> answered = new CompletableFuture<>();
		IntFunction<String> chunks = (i) -> {
			if (i == SENT_BEFORE_ANSWER) {
				answered.join();
			}
			return CHUNK;
		};
		try (UploadDirectoryWatch uploads = UploadDirectoryWatch.of(this.edge)) {
			StreamingUpload.Answer answer = switch (framing) {
				case CONTENT_LENGTH -> StreamingUpload.postSized(this.edge.port(), "/api/v1/points", headers,
						(long) CHUNKS * CHUNK.length(), CHUNKS, chunks);
				case CHUNKED -> StreamingUpload.post(this.edge.port(), "/api/v1/points", headers, CHUNKS, chunks);
			};
			assertThat(uploads.largestBytes()).as("most bytes in the edge's upload directory before the answer")
				.isLessThanOrEqualTo((long) SENT_BEFORE_ANSWER * CHUNK.length());
			Awaitility.await("the edge's upload directory empty once the upload is answered")
				.atMost(Duration.ofSeconds(10))
				.until(uploads::bytesNow, (bytes) -> bytes == 0);
			return answer;
		}
		finally {
			answered.complete(null);
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
