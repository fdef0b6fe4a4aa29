package dev.sponge.otlp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import dev.sponge.problem.ApiProblem;

/**
 * A gzip-compressed body, decompressed in memory (from the bytes already read, so no I/O
 * waits) up to a limit: a small body that would inflate past it (a gzip bomb) is refused
 * as soon as the limit is passed, before more is allocated.
 */
final class GzipBody {

	private static final int CHUNK = 64 * 1024;

	private GzipBody() {
	}

	/**
	 * @param body gzip data, one member or several
	 * @param max most bytes it may decompress to
	 * @return the decompressed bytes
	 * @throws ApiProblem 400 if {@code body} is not valid gzip data (corrupt, truncated),
	 * 413 if it decompresses to more than {@code max} bytes
	 */
	static byte[] gunzip(byte[] body, long max) {
		byte[] out = new byte[(int) Math.min(max + 1,
				Math.max(CHUNK, Math.min(body.length * 4L, Integer.MAX_VALUE - 8)))];
		int size = 0;
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body), CHUNK)) {
			while (true) {
				if (size == out.length) {
					if (size > max) {
						break;
					}
					out = Arrays.copyOf(out, (int) Math.min(max + 1, (long) size * 2));
				}
				int read = in.read(out, size, out.length - size);
				if (read < 0) {
					break;
				}
				size += read;
			}
		}
		catch (IOException ex) {
			throw OtlpDecoder.malformed("The body is not valid gzip data (Content-Encoding gzip): "
					+ ((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName()));
		}
		if (size > max) {
			throw ApiProblem
				.tooLarge("The body decompresses to more than " + max
						+ " bytes (sponge.ingest.otlp.max-decompressed-size); send smaller batches")
				.withType(ApiProblem.TOO_LARGE);
		}
		return Arrays.copyOf(out, size);
	}

}
