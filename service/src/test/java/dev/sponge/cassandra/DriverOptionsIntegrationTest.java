package dev.sponge.cassandra;

import java.time.Duration;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.sponge.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The options Sponge gives the driver, as the running session holds them (the default
 * profile's settings, as production runs them).
 */
@IntegrationTest
class DriverOptionsIntegrationTest {

	@Autowired
	private CqlSession session;

	@Test
	void theDriverNeverRereadsItsConfigurationFilesOnItsEventLoop() {
		DriverExecutionProfile profile = this.session.getContext().getConfig().getDefaultProfile();

		assertThat(profile.getDuration(DefaultDriverOption.CONFIG_RELOAD_INTERVAL)).isEqualTo(Duration.ZERO);
	}

	@Test
	void writesRetryOnlyWhereTheyAreIdempotentAndReconnectionWaitsAtMostTenSeconds() {
		DriverExecutionProfile profile = this.session.getContext().getConfig().getDefaultProfile();

		assertThat(profile.getString(DefaultDriverOption.RETRY_POLICY_CLASS))
			.isEqualTo(IdempotentWriteRetryPolicy.class.getName());
		assertThat(profile.getDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY)).isEqualTo(Duration.ofSeconds(10));
	}

}
