package dev.sponge.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Captures the events of one logger, as structured events (message, MDC, key-value pairs)
 * rather than formatted text, for as long as the test keeps it open.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private final Logger logger;

	private final Level previousLevel;

	private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

	private CapturedLogs(String loggerName, Level level) {
		this.logger = (Logger) LoggerFactory.getLogger(loggerName);
		this.previousLevel = this.logger.getLevel();
		this.logger.setLevel(level);
		setContext(this.logger.getLoggerContext());
		start();
		this.logger.addAppender(this);
	}

	public static CapturedLogs of(String loggerName) {
		return new CapturedLogs(loggerName, Level.INFO);
	}

	public static CapturedLogs atDebug(String loggerName) {
		return new CapturedLogs(loggerName, Level.DEBUG);
	}

	@Override
	protected void append(ILoggingEvent event) {
		event.prepareForDeferredProcessing();
		this.events.add(event);
	}

	public List<ILoggingEvent> events() {
		return List.copyOf(this.events);
	}

	/** The key-value pairs of an event, as strings. */
	public static Map<String, String> keyValues(ILoggingEvent event) {
		List<KeyValuePair> pairs = (event.getKeyValuePairs() != null) ? event.getKeyValuePairs() : List.of();
		return pairs.stream().collect(Collectors.toMap((kv) -> kv.key, (kv) -> String.valueOf(kv.value)));
	}

	@Override
	public void close() {
		this.logger.detachAppender(this);
		this.logger.setLevel(this.previousLevel);
		stop();
	}

}
