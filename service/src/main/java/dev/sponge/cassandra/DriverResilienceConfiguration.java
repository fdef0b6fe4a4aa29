package dev.sponge.cassandra;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.internal.core.connection.ExponentialReconnectionPolicy;
import com.datastax.oss.driver.internal.core.specex.ConstantSpeculativeExecutionPolicy;
import com.datastax.oss.driver.internal.core.specex.NoSpeculativeExecutionPolicy;

import org.springframework.boot.cassandra.autoconfigure.DriverConfigLoaderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Turns the {@code sponge.cassandra.*} resilience knobs into driver options: how fast a
 * node that came back is noticed, how idempotent requests survive a dying node, and
 * speculative executions.
 */
@Configuration(proxyBeanMethods = false)
class DriverResilienceConfiguration {

	@Bean
	DriverConfigLoaderBuilderCustomizer spongeDriverResilience(SpongeCassandraProperties properties) {
		return (builder) -> {
			builder.withClass(DefaultDriverOption.RECONNECTION_POLICY_CLASS, ExponentialReconnectionPolicy.class)
				.withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY,
						min(java.time.Duration.ofSeconds(1), properties.reconnectMaxDelay()))
				.withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, properties.reconnectMaxDelay())
				.withClass(DefaultDriverOption.RETRY_POLICY_CLASS, IdempotentWriteRetryPolicy.class)
				// The driver rereads its configuration files every 5 minutes by default,
				// a
				// blocking file read on its admin event loop; Sponge's options come from
				// Spring's properties, which such a reload does not see, so it is off.
				.withDuration(DefaultDriverOption.CONFIG_RELOAD_INTERVAL, java.time.Duration.ZERO);
			if (properties.speculativeExecutions() > 0) {
				builder
					.withClass(DefaultDriverOption.SPECULATIVE_EXECUTION_POLICY_CLASS,
							ConstantSpeculativeExecutionPolicy.class)
					// The driver counts the first execution too.
					.withInt(DefaultDriverOption.SPECULATIVE_EXECUTION_MAX, properties.speculativeExecutions() + 1)
					.withDuration(DefaultDriverOption.SPECULATIVE_EXECUTION_DELAY, properties.speculativeDelay());
			}
			else {
				builder.withClass(DefaultDriverOption.SPECULATIVE_EXECUTION_POLICY_CLASS,
						NoSpeculativeExecutionPolicy.class);
			}
		};
	}

	private static java.time.Duration min(java.time.Duration a, java.time.Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
