package dev.sponge.observability;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;

/**
 * The request id: taken from the edge's {@code X-Request-Id} when it is a sane token,
 * else generated. It travels in the Reactor context under {@link #KEY}; automatic context
 * propagation (spring.reactor.context-propagation=auto) copies it into the logging MDC,
 * so every log line of the request carries it, whatever thread writes it.
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
	static void registerMdcAccessor() {
		// Registration happens in the static initialiser.
	}

	/**
	 * The client's id if it is safe to log (no spaces, quotes or control characters),
	 * else a new one.
	 */
	static String from(String header) {
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
