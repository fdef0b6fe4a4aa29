package dev.sponge.retention;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TenantSettingsTest {

	@Test
	void withoutRetentionNothingGetsATtl() {
		assertThat(TenantSettings.DEFAULTS.ttlSeconds()).isZero();
		assertThat(TenantSettings.DEFAULTS.dayIndexTtlSeconds()).isZero();
		assertThat(TenantSettings.DEFAULTS.catalogueTtlSeconds(Duration.ofHours(1))).isZero();
	}

	@Test
	void theDayIndexOutlivesThePointsByADayButNeverExceedsCassandrasLargestTtl() {
		TenantSettings month = new TenantSettings(Duration.ofDays(30), 0, Map.of());
		assertThat(month.ttlSeconds()).isEqualTo(30 * 86_400);
		assertThat(month.dayIndexTtlSeconds()).isEqualTo(31 * 86_400);

		TenantSettings longest = new TenantSettings(Duration.ofSeconds(TenantSettings.MAX_TTL_SECONDS), 0, Map.of());
		assertThat(longest.dayIndexTtlSeconds()).isEqualTo(630_720_000);
	}

	@Test
	void catalogueRowsOutliveThePointsByTwiceTheirRefreshButNeverExceedCassandrasLargestTtl() {
		TenantSettings month = new TenantSettings(Duration.ofDays(30), 0, Map.of());
		assertThat(month.catalogueTtlSeconds(Duration.ofHours(1))).isEqualTo(30 * 86_400 + 7_200);

		TenantSettings longest = new TenantSettings(Duration.ofSeconds(TenantSettings.MAX_TTL_SECONDS), 0, Map.of());
		assertThat(longest.catalogueTtlSeconds(Duration.ofDays(1))).isEqualTo(630_720_000);
	}

	@Test
	void wholeDaysReadBackInDaysAndAnythingElseInHoursMinutesAndSeconds() {
		assertThat(RetentionValue.format(Duration.ofDays(30))).isEqualTo("P30D");
		assertThat(RetentionValue.format(Duration.ofHours(36))).isEqualTo("PT36H");
		assertThat(RetentionValue.format(Duration.ofSeconds(2))).isEqualTo("PT2S");
		assertThat(RetentionValue.format(null)).isNull();
	}

}
