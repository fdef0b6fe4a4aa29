package dev.sponge.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the issuer's published signing keys are fetched and how long they are trusted.
 *
 * @param maxAge the longest a fetched key set is used before it is fetched again: a key
 * the issuer stops publishing (retired after a rotation or a leak) is refused at most
 * this long (plus one fetch) after its removal, as long as the issuer answers. The first
 * request after this age still gets the held set while the new fetch runs; if that fetch
 * fails, the held set stays in use (retried after the refetch cool-down) rather than
 * every request failing.
 * @param refetchCooldown the shortest time between two fetches that tokens naming an
 * unknown key id trigger, and how long a failed fetch is remembered before any new
 * attempt: whatever a client sends, the issuer sees at most one such fetch per cool-down
 * from each instance. The first unknown key id fetches at once (a freshly rotated key
 * works immediately); within the cool-down, tokens with an unknown key id are refused as
 * invalid without a fetch. A key rotated in during the cool-down is accepted once it ends
 * (or at the next max-age fetch, whichever comes first)
 * @param fetchTimeout the longest one fetch of the key set (with the issuer's discovery
 * document, if used) may take; a slower fetch counts as failed
 */
@ConfigurationProperties("sponge.security.jwks")
public record JwksProperties(@DefaultValue("5m") Duration maxAge, @DefaultValue("30s") Duration refetchCooldown,
		@DefaultValue("5s") Duration fetchTimeout) {

	public JwksProperties {
		requirePositive("max-age", maxAge);
		requirePositive("refetch-cooldown", refetchCooldown);
		requirePositive("fetch-timeout", fetchTimeout);
	}

	private static void requirePositive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("sponge.security.jwks." + name + " must be positive, was " + value);
		}
	}

}
