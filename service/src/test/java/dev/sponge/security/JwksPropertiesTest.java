package dev.sponge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class JwksPropertiesTest {

	@Test
	void defaultsBoundFromNoConfigurationAreFiveMinutesThirtySecondsAndFiveSeconds() {
		JwksProperties properties = bind(Map.of());

		assertThat(properties.maxAge()).isEqualTo(Duration.ofMinutes(5));
		assertThat(properties.refetchCooldown()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.fetchTimeout()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void zeroCooldownOrTimeoutIsRefusedNamingTheProperty() {
		assertThatThrownBy(() -> bind(Map.of("sponge.security.jwks.refetch-cooldown", "0s")))
			.isInstanceOf(BindException.class)
			.rootCause()
			.hasMessageContaining("sponge.security.jwks.refetch-cooldown must be positive");
		assertThatThrownBy(() -> bind(Map.of("sponge.security.jwks.fetch-timeout", "-1s"))).rootCause()
			.hasMessageContaining("sponge.security.jwks.fetch-timeout must be positive");
	}

	private static JwksProperties bind(Map<String, String> configuration) {
		return new Binder(new MapConfigurationPropertySource(configuration)).bindOrCreate("sponge.security.jwks",
				JwksProperties.class);
	}

}
