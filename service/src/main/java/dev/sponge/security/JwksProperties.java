package dev.sponge.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the issuer's published signing keys are trusted before they are fetched again.
 *
 * @param maxAge the longest a fetched key set is used: a key the issuer stops publishing
 * (retired after a rotation or a leak) is refused at most this long after its removal. A
 * token with an unknown key id triggers a fetch at once, so a new key works immediately
 * whatever this value.
 */
@ConfigurationProperties("sponge.security.jwks")
public record JwksProperties(@DefaultValue("5m") Duration maxAge) {

	public JwksProperties {
		if (maxAge.isNegative() || maxAge.isZero()) {
			throw new IllegalArgumentException("sponge.security.jwks.max-age must be positive, was " + maxAge);
		}
	}

}
