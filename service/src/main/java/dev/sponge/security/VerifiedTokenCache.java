package dev.sponge.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Remembers tokens that passed every check for a short while, so that a client sending
 * the same token with every request pays for parsing and the signature check once per
 * {@code sponge.security.token-cache.ttl} rather than on every request (it was the
 * largest single cost of a small query). Only successes are remembered. A remembered
 * token is accepted until the earliest of: its time to live, its own expiry (with the
 * same clock skew as the expiry check), and the moment the key set that verified it is
 * due to be fetched again ({@code sponge.security.jwks.max-age}), so a key the issuer
 * stops publishing is refused as soon as without the cache.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

	/** The clock skew Spring's expiry check allows ({@code JwtTimestampValidator}). */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private final ReactiveJwtDecoder decoder;

	private final Cache<String, Verified> verified;

	private final Duration ttl;

	private final Supplier<Instant> keysTrustedUntil;

	private final Clock clock;

	/**
	 * @param decoder the full check: signature, issuer, audience, expiry
	 * @param properties time to live and size
	 * @param keysTrustedUntil until when the keys held now are used without a fetch
	 * @param clock the time
	 */
	VerifiedTokenCache(ReactiveJwtDecoder decoder, TokenCacheProperties properties, Supplier<Instant> keysTrustedUntil,
			Clock clock) {
		this.decoder = decoder;
		this.ttl = properties.ttl();
		this.keysTrustedUntil = keysTrustedUntil;
		this.clock = clock;
		this.verified = Caffeine.newBuilder()
			.maximumWeight(properties.maxSize().toBytes())
			.weigher((String token, Verified verified) -> estimatedBytes(token))
			.expireAfterWrite(properties.ttl())
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.build();
	}

	@Override
	public Mono<Jwt> decode(String token) {
		if (this.ttl.isZero()) {
			return this.decoder.decode(token);
		}
		Verified hit = this.verified.getIfPresent(token);
		if (hit != null && this.clock.instant().isBefore(hit.until())) {
			return Mono.just(hit.jwt());
		}
		return this.decoder.decode(token).doOnNext(this::remember);
	}

	/** Runs the cache's pending evictions now (they run in the background otherwise). */
	void cleanUp() {
		this.verified.cleanUp();
	}

	private void remember(Jwt jwt) {
		Instant now = this.clock.instant();
		Instant until = earliest(now.plus(this.ttl), this.keysTrustedUntil.get());
		if (jwt.getExpiresAt() != null) {
			until = earliest(until, jwt.getExpiresAt().plus(CLOCK_SKEW));
		}
		if (now.isBefore(until)) {
			this.verified.put(jwt.getTokenValue(), new Verified(jwt, until));
		}
	}

	/**
	 * The token's string and the parsed claims it carries, roughly: the claims are the
	 * payload (three quarters of the token) as Java strings, lists and maps.
	 */
	static int estimatedBytes(String token) {
		return (int) Math.min(Integer.MAX_VALUE, 4L * token.length() + 512);
	}

	private static Instant earliest(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	private record Verified(Jwt jwt, Instant until) {
	}

}
