package dev.sponge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.util.unit.DataSize;

import dev.sponge.support.MovableClock;

class VerifiedTokenCacheTest {

	private final MovableClock clock = new MovableClock();

	private final AtomicInteger checks = new AtomicInteger();

	/** Until when the decoder accepts tokens: the key's removal, or their expiry. */
	private final AtomicReference<Instant> acceptedUntil = new AtomicReference<>(Instant.MAX);

	private final AtomicReference<Instant> keysTrustedUntil = new AtomicReference<>(Instant.MAX);

	private final ReactiveJwtDecoder fullCheck = (token) -> Mono.defer(() -> {
		this.checks.incrementAndGet();
		if (token.startsWith("bad") || !this.clock.instant().isBefore(this.acceptedUntil.get())) {
			return Mono.error(new BadJwtException("refused"));
		}
		return Mono.just(Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject(token)
			.issuedAt(this.clock.instant())
			.expiresAt(this.clock.instant().plus(Duration.ofMinutes(5)))
			.build());
	});

	private VerifiedTokenCache cache(Duration ttl) {
		return new VerifiedTokenCache(this.fullCheck, new TokenCacheProperties(ttl, DataSize.ofKilobytes(100)),
				this.keysTrustedUntil::get, this.clock);
	}

	@Test
	void aTokenSentAgainIsNotCheckedAgainWithinTheTtl() {
		VerifiedTokenCache cache = cache(Duration.ofSeconds(30));
		assertThat(cache.decode("alice").block().getSubject()).isEqualTo("alice");
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(cache.decode("alice").block().getSubject()).isEqualTo("alice");
		assertThat(this.checks).hasValue(1);
		assertThat(cache.decode("bob").block().getSubject()).isEqualTo("bob");
		assertThat(this.checks).hasValue(2);
	}

	@Test
	void afterTheTtlTheTokenIsCheckedAgain() {
		VerifiedTokenCache cache = cache(Duration.ofSeconds(30));
		cache.decode("alice").block();
		this.clock.advance(Duration.ofSeconds(30));
		this.acceptedUntil.set(this.clock.instant());
		StepVerifier.create(cache.decode("alice")).expectError(BadJwtException.class).verify();
		assertThat(this.checks).hasValue(2);
	}

	@Test
	void aTokenIsNotRememberedPastTheMaxAgeOfTheKeysThatVerifiedIt() {
		VerifiedTokenCache cache = cache(Duration.ofSeconds(30));
		this.keysTrustedUntil.set(this.clock.instant().plusSeconds(5));
		cache.decode("alice").block();
		this.clock.advance(Duration.ofSeconds(5));
		// The key was removed at the issuer: the fetch after max-age no longer finds it.
		this.acceptedUntil.set(this.clock.instant());
		StepVerifier.create(cache.decode("alice")).expectError(BadJwtException.class).verify();
		assertThat(this.checks).hasValue(2);
	}

	@Test
	void aTokenIsNotRememberedPastItsExpiryAndTheAllowedClockSkew() {
		VerifiedTokenCache cache = cache(Duration.ofHours(1));
		cache.decode("alice").block();
		this.clock.advance(Duration.ofMinutes(5).plus(VerifiedTokenCache.CLOCK_SKEW).minusSeconds(1));
		cache.decode("alice").block();
		assertThat(this.checks).hasValue(1);
		this.clock.advance(Duration.ofSeconds(1));
		this.acceptedUntil.set(this.clock.instant());
		StepVerifier.create(cache.decode("alice")).expectError(BadJwtException.class).verify();
		assertThat(this.checks).hasValue(2);
	}

	@Test
	void refusalsAreNotRemembered() {
		VerifiedTokenCache cache = cache(Duration.ofSeconds(30));
		StepVerifier.create(cache.decode("bad")).expectError(BadJwtException.class).verify();
		StepVerifier.create(cache.decode("bad")).expectError(BadJwtException.class).verify();
		assertThat(this.checks).hasValue(2);
	}

	@Test
	void theRememberedTokensStayWithinTheirSize() {
		VerifiedTokenCache cache = new VerifiedTokenCache(this.fullCheck,
				new TokenCacheProperties(Duration.ofSeconds(30), DataSize.ofKilobytes(64)), this.keysTrustedUntil::get,
				this.clock);
		String large = "x".repeat(10_000);
		for (int i = 0; i < 20; i++) {
			cache.decode(large + i).block();
		}
		cache.cleanUp();
		long remembered = 0;
		for (int i = 0; i < 20; i++) {
			int before = this.checks.get();
			cache.decode(large + i).block();
			remembered += (this.checks.get() == before) ? 1 : 0;
		}
		// 20 tokens of 10 KB are estimated at about 800 KB: most had to go.
		assertThat(remembered).isLessThanOrEqualTo(64_000 / VerifiedTokenCache.estimatedBytes(large + 0));
	}

	@Test
	void aTtlOfZeroChecksEveryRequest() {
		VerifiedTokenCache cache = cache(Duration.ZERO);
		cache.decode("alice").block();
		cache.decode("alice").block();
		assertThat(this.checks).hasValue(2);
	}

}
