package dev.sponge.remotewrite;

import java.io.IOException;

import org.xerial.snappy.Snappy;

import dev.sponge.problem.ApiProblem;

/**
 * Snappy's block format (not the framed one), as remote-write bodies are compressed. The
 * length the block's header declares is checked against the limit before anything is
 * allocated, so a small body cannot make the service allocate a large buffer.
 */
final class SnappyBlock {

	private SnappyBlock() {
	}

	/**
	 * Loads snappy-java's native library (extracted from its jar to a temporary file on
	 * first use): called at start-up, so no request thread ever does that file I/O.
	 */
	static void load() {
		Snappy.maxCompressedLength(1);
	}

	/**
	 * @param block one snappy block
	 * @param max most bytes it may decompress to
	 * @param property the configuration property that sets {@code max}, for the problem
	 * @return the decompressed bytes
	 * @throws ApiProblem 400 if {@code block} is not a valid snappy block, 413 if it
	 * declares more than {@code max} bytes
	 */
	static byte[] uncompress(byte[] block, long max, String property) {
		int length;
		try {
			length = Snappy.uncompressedLength(block);
		}
		catch (IOException | RuntimeException ex) {
			throw malformed("its snappy header is not valid");
		}
		if (length < 0) {
			throw malformed("its snappy header declares an impossible length");
		}
		if (length > max) {
			throw ApiProblem
				.tooLarge("The body decompresses to " + length + " bytes, more than " + max + " (" + property
						+ "); send smaller batches (Prometheus: queue_config.max_samples_per_send)")
				.withType(RemoteWriteDecoder.TOO_LARGE);
		}
		byte[] out = new byte[length];
		int written;
		try {
			written = Snappy.uncompress(block, 0, block.length, out, 0);
		}
		catch (IOException | RuntimeException ex) {
			throw malformed("it is corrupt or truncated snappy data");
		}
		if (written != length) {
			throw malformed("it decompresses to " + written + " bytes where its header declares " + length);
		}
		return out;
	}

	private static ApiProblem malformed(String why) {
		return ApiProblem.badRequest("The body is not a snappy-compressed block: " + why)
			.withType(RemoteWriteDecoder.MALFORMED);
	}

}
