package dev.sponge.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Splits a streamed body into lines of raw bytes (so the JSON parser, not a charset
 * decoder, judges the UTF-8) while holding at most one line in memory. A line longer than
 * the limit fails the stream with {@link LineTooLongException}.
 */
final class NdjsonLines {

	private NdjsonLines() {
	}

	static Flux<byte[]> split(Flux<DataBuffer> body, int maxLineBytes) {
		return Flux.defer(() -> {
			Accumulator accumulator = new Accumulator(maxLineBytes);
			// Copy out and release each buffer before splitting, so a failing split never
			// meets a
			// buffer it would have to release twice.
			return body.map(DataBuffers::drain)
				.concatMapIterable(accumulator::feed)
				.concatWith(Mono.fromSupplier(accumulator::rest));
		}).doOnDiscard(DataBuffer.class, DataBufferUtils::release);
	}

	/** Thrown when a line exceeds the limit; {@code lineNumber} is 1-based. */
	static final class LineTooLongException extends RuntimeException {

		final long lineNumber;

		LineTooLongException(long lineNumber, int maxLineBytes) {
			super("line " + lineNumber + " is longer than " + maxLineBytes
					+ " bytes (sponge.ingest.max-ndjson-line-size)", null, false, false);
			this.lineNumber = lineNumber;
		}

	}

	private static final class Accumulator {

		private final int maxLineBytes;

		private byte[] line = new byte[256];

		private int length;

		private long lineNumber = 1;

		Accumulator(int maxLineBytes) {
			this.maxLineBytes = maxLineBytes;
		}

		List<byte[]> feed(byte[] chunk) {
			List<byte[]> lines = new ArrayList<>();
			int start = 0;
			for (int i = 0; i < chunk.length; i++) {
				if (chunk[i] == '\n') {
					append(chunk, start, i);
					lines.add(take());
					start = i + 1;
				}
			}
			append(chunk, start, chunk.length);
			return lines;
		}

		/** The last line when the body does not end with a newline, else {@code null}. */
		byte[] rest() {
			return (this.length > 0) ? take() : null;
		}

		private void append(byte[] chunk, int from, int to) {
			int count = to - from;
			if (this.length + count > this.maxLineBytes) {
				throw new LineTooLongException(this.lineNumber, this.maxLineBytes);
			}
			if (this.length + count > this.line.length) {
				this.line = Arrays.copyOf(this.line, Math.max(this.length + count, this.line.length * 2));
			}
			System.arraycopy(chunk, from, this.line, this.length, count);
			this.length += count;
		}

		private byte[] take() {
			int end = this.length;
			if (end > 0 && this.line[end - 1] == '\r') {
				end--;
			}
			byte[] result = Arrays.copyOf(this.line, end);
			this.length = 0;
			this.lineNumber++;
			return result;
		}

	}

}
