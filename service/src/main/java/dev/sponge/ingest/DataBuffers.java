package dev.sponge.ingest;

import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/** Turns request body buffers into bytes, releasing each buffer exactly once. */
final class DataBuffers {

	private DataBuffers() {
	}

	/**
	 * Context for a chain that releases the request body's buffers itself, through its
	 * own discard hooks. Reactor composes discard hooks, and the response writer that
	 * subscribes to an ingest chain (Spring's {@code EncoderHttpMessageWriter}) adds one
	 * that releases every discarded {@link DataBuffer}: without this boundary a body
	 * buffer the chain discards would be released twice, and Netty would fail the
	 * connection with an {@code IllegalReferenceCountException}.
	 */
	static Context ownDiscards(Context context) {
		return Operators.enableOnDiscard(context, (discarded) -> {
		});
	}

	static byte[] drain(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

}
