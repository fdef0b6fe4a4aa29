package dev.sponge.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one source of the current time. Classes that need the time take this {@link Clock}
 * by constructor instead of asking the system, so tests can hand them a fixed or
 * advancing clock rather than wait on real time.
 */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

	/** The UTC system clock; write times and time windows are all in UTC. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
