package dev.sponge.logging;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;
import reactor.util.context.ContextView;

/**
 * The request id: taken from the edge's {@code X-Request-Id} when it is a sane token,
 * else generated. It travels in the Reactor context under {@link #KEY}. Log lines written
 * while serving a request put it into the logging MDC with {@link #inMdc}, on whatever
 * thread they run: context propagation is {@code limited} (restoring every thread-local
 * on every signal of every operator cost a fifth of the service's CPU at ingest), so
 * Reactor copies it by itself only inside {@code handle} and {@code tap}.
 */
public final class RequestId {

	/** Header in and out, and the key in the Reactor context and the MDC. */
	public static final String HEADER = "X-Request-Id";

	/** MDC and Reactor context key. */
	public static final String KEY = "requestId";

	private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	static {
		ContextRegistry.getInstance().registerThreadLocalAccessor(new MdcAccessor());
	}

	private RequestId() {
	}

	/** Forces the MDC accessor to be registered; called once at start-up. */
	public static void registerMdcAccessor() {
		// Registration happens in the static initialiser.
	}

	/**
	 * Runs {@code log} with the request id of {@code context} in the MDC, if it has one.
	 */
	public static void inMdc(ContextView context, Runnable log) {
		inMdc(context.<String>getOrEmpty(KEY).orElse(null), log);
	}

	/** Runs {@code log} with {@code requestId} in the MDC, unless it is null. */
	public static void inMdc(String requestId, Runnable log) {
		if (requestId == null) {
			log.run();
			return;
		}
		String previous = MDC.get(KEY);
		MDC.put(KEY, requestId);
		try {
			log.run();
		}
		finally {
			if (previous != null) {
				MDC.put(KEY, previous);
			}
			else {
				MDC.remove(KEY);
			}
		}
	}

	/**
	 * The client's id if it is safe to log (no spaces, quotes or control characters),
	 * else a new one.
	 */
	public static String from(String header) {
		if (header != null && SANE.matcher(header).matches()) {
			return header;
		}
		// Not UUID.randomUUID(): SecureRandom may read /dev/urandom, a blocking call on
		// an event
		// loop. A request id needs uniqueness, not unpredictability.
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return new UUID(random.nextLong(), random.nextLong()).toString();
	}

	private static final class MdcAccessor implements ThreadLocalAccessor<String> {

		@Override
		public Object key() {
			return KEY;
		}

		@Override
		public String getValue() {
			return MDC.get(KEY);
		}

		@Override
		public void setValue(String value) {
			MDC.put(KEY, value);
		}

		@Override
		public void setValue() {
			MDC.remove(KEY);
		}

	}

}
