package dev.sponge.logging;

import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's log lines (commons-logging) reach Logback, and a message below the logger's
 * level is never turned into a string (commons-logging.properties).
 */
class CommonsLoggingTest {

	@Test
	void aDisabledMessageIsNotFormattedAndAnEnabledOneReachesLogback() {
		String name = "dev.sponge.logging.commons-logging-test";
		Logger logback = (Logger) LoggerFactory.getLogger(name);
		logback.setLevel(Level.INFO);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logback.addAppender(appender);
		try {
			Log log = LogFactory.getLog(name);
			AtomicInteger formatted = new AtomicInteger();
			Object message = new Object() {
				@Override
				public String toString() {
					formatted.incrementAndGet();
					return "a message";
				}
			};

			log.debug(message);
			log.trace(message);
			assertThat(formatted).hasValue(0);

			log.info(message);
			assertThat(appender.list).singleElement()
				.satisfies((event) -> assertThat(event.getFormattedMessage()).isEqualTo("a message"));
			assertThat(formatted).hasValue(1);
		}
		finally {
			logback.detachAppender(appender);
		}
	}

}
