package dev.sponge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.reactive.function.client.WebClient;

import dev.sponge.support.MovableClock;

/**
 * {@link RefreshingJwkSource} against a real HTTP server on a free port that counts the
 * fetches and can fail or hang, with a clock the test moves.
 */
class RefreshingJwkSourceTest {

	private static final Duration MAX_AGE = Duration.ofMinutes(5);

	private static final Duration COOLDOWN = Duration.ofSeconds(30);

	private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(15);

	/** Far more than a local fetch takes, far less than the fetch time-out. */
	private static final Duration PROMPTLY = Duration.ofSeconds(5);

	private static RSAKey material;

	private final MovableClock clock = new MovableClock();

	private final JwksServer issuer = new JwksServer();

	@BeforeAll
	static void generateKeyMaterial() throws JOSEException {
		material = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
	}

	@AfterEach
	void stopIssuer() {
		this.issuer.close();
	}

	@Test
	void firstUnknownKeyIdFetchesAtOnceAndLaterOnesWithinTheCooldownAreRefusedWithoutAFetch() {
		RefreshingJwkSource source = sourceHoldingKeyA();
		this.issuer.publish("a", "b");

		assertThat(keyIds(source, "b")).as("first unknown key id since start").containsExactly("b");
		assertThat(this.issuer.fetches()).isEqualTo(2);

		this.issuer.publish("a", "b", "c");
		for (int i = 0; i < 20; i++) {
			assertThat(keyIds(source, "forged-" + i)).isEmpty();
		}
		assertThat(keyIds(source, "c")).as("new key within the cool-down").isEmpty();
		assertThat(this.issuer.fetches()).isEqualTo(2);

		this.clock.advance(COOLDOWN);

		assertThat(keyIds(source, "c")).as("new key after the cool-down").containsExactly("c");
		assertThat(this.issuer.fetches()).isEqualTo(3);
	}

	@Test
	void failedFetchIsRememberedForTheCooldown() {
		RefreshingJwkSource source = source(FETCH_TIMEOUT);
		this.issuer.fail();

		for (int i = 0; i < 10; i++) {
			StepVerifier.create(source.apply(jwt("a")))
				.expectErrorSatisfies(
						(ex) -> assertThat(ex).isInstanceOf(JwtException.class).hasMessageContaining("signing keys"))
				.verify(PROMPTLY);
		}
		assertThat(this.issuer.fetches()).isEqualTo(1);

		this.issuer.publish("a");
		this.clock.advance(COOLDOWN.minusSeconds(1));
		StepVerifier.create(source.apply(jwt("a"))).expectError(JwtException.class).verify(PROMPTLY);
		assertThat(this.issuer.fetches()).isEqualTo(1);

		this.clock.advance(Duration.ofSeconds(1));
		assertThat(keyIds(source, "a")).containsExactly("a");
		assertThat(this.issuer.fetches()).isEqualTo(2);
	}

	@Test
	void failedRefreshOfAnExpiredSetKeepsTheLastGoodSetUntilARetryAfterTheCooldownSucceeds() {
		RefreshingJwkSource source = sourceHoldingKeyA();
		this.issuer.fail();
		this.clock.advance(MAX_AGE);

		assertThat(keyIds(source, "a")).as("expired set, refresh failing").containsExactly("a");
		Awaitility.await("refresh attempted").atMost(PROMPTLY).until(this.issuer::fetches, (n) -> n == 2);
		Awaitility.await("the last good set kept, without a fetch per request")
			.during(Duration.ofMillis(500))
			.atMost(PROMPTLY)
			.until(() -> keyIds(source, "a").equals(List.of("a")) && this.issuer.fetches() == 2);

		this.issuer.publish("b");
		this.clock.advance(COOLDOWN);
		Awaitility.await("key a, retired while the issuer was down, refused after the retry")
			.atMost(PROMPTLY)
			.until(() -> keyIds(source, "a").isEmpty());
		assertThat(keyIds(source, "b")).containsExactly("b");
		// The retry, then one look-up of the key id the new set lacks.
		assertThat(this.issuer.fetches()).isEqualTo(4);
	}

	@Test
	void fetchThatHangsFailsAfterTheFetchTimeoutAndIsRemembered() {
		Duration timeout = Duration.ofMillis(300);
		RefreshingJwkSource source = source(timeout);
		this.issuer.hang();

		StepVerifier.create(source.apply(jwt("a")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(JwtException.class)
				.hasMessageContaining("No answer within " + timeout))
			.verify(PROMPTLY);
		StepVerifier.create(source.apply(jwt("a"))).expectError(JwtException.class).verify(PROMPTLY);
		assertThat(this.issuer.fetches()).isEqualTo(1);
	}

	@Test
	void concurrentRequestsForAnUnknownKeyShareOneFetchWhileKnownKeysDoNotWaitForIt() {
		RefreshingJwkSource source = sourceHoldingKeyA();
		this.issuer.hang();

		List<CompletableFuture<List<String>>> waiting = IntStream.range(0, 20)
			.mapToObj((i) -> keyIdsLater(source, "b"))
			.toList();

		Awaitility.await("refetch started").atMost(PROMPTLY).until(this.issuer::fetches, (n) -> n == 2);
		assertThat(keyIds(source, "a")).as("known key during the refetch").containsExactly("a");
		assertThat(waiting).noneMatch(CompletableFuture::isDone);

		this.issuer.publish("a", "b");
		this.issuer.release();

		assertThat(waiting).allSatisfy(
				(result) -> assertThat(result.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).containsExactly("b"));
		assertThat(this.issuer.fetches()).isEqualTo(2);
	}

	@Test
	void expiredSetIsServedWhileItsRefreshRunsAndReplacedWhenItEnds() {
		RefreshingJwkSource source = sourceHoldingKeyA();
		this.issuer.hang();
		this.clock.advance(MAX_AGE);

		assertThat(keyIds(source, "a")).as("expired set, refresh started").containsExactly("a");
		Awaitility.await("refresh started").atMost(PROMPTLY).until(this.issuer::fetches, (n) -> n == 2);
		assertThat(keyIds(source, "a")).as("expired set, refresh running").containsExactly("a");

		this.issuer.publish("b");
		this.issuer.release();

		Awaitility.await("retired key refused").atMost(PROMPTLY).until(() -> keyIds(source, "a").isEmpty());
		assertThat(keyIds(source, "b")).containsExactly("b");
		// The refresh, then one look-up of the key id the new set lacks.
		assertThat(this.issuer.fetches()).isEqualTo(3);
	}

	/** A source that has fetched the set of key "a": one fetch. */
	private RefreshingJwkSource sourceHoldingKeyA() {
		RefreshingJwkSource source = source(FETCH_TIMEOUT);
		this.issuer.publish("a");
		assertThat(keyIds(source, "a")).containsExactly("a");
		assertThat(this.issuer.fetches()).isEqualTo(1);
		return source;
	}

	private RefreshingJwkSource source(Duration fetchTimeout) {
		return new RefreshingJwkSource(Mono.just(this.issuer.uri()), WebClient.create(),
				new JwksProperties(MAX_AGE, COOLDOWN, fetchTimeout), this.clock);
	}

	/** Key ids the source offers for a token naming {@code kid}. */
	private static List<String> keyIds(RefreshingJwkSource source, String kid) {
		return keyIdsLater(source, kid).join();
	}

	private static CompletableFuture<List<String>> keyIdsLater(RefreshingJwkSource source, String kid) {
		return source.apply(jwt(kid)).map(JWK::getKeyID).collectList().timeout(FETCH_TIMEOUT.plus(PROMPTLY)).toFuture();
	}

	/** A token naming {@code kid}; the source only reads its header. */
	private static SignedJWT jwt(String kid) {
		return new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
				new JWTClaimsSet.Builder().subject("someone").build());
	}

	/** A JWKS endpoint that counts its requests and answers, fails or hangs on demand. */
	private static final class JwksServer implements AutoCloseable {

		private final AtomicInteger fetches = new AtomicInteger();

		private final ExecutorService threads = Executors.newCachedThreadPool();

		private final HttpServer server;

		private volatile String published = "{\"keys\":[]}";

		private volatile boolean failing;

		private volatile CountDownLatch hanging = new CountDownLatch(0);

		JwksServer() {
			try {
				this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			this.server.setExecutor(this.threads);
			this.server.createContext("/jwks", this::answer);
			this.server.start();
		}

		String uri() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/jwks";
		}

		int fetches() {
			return this.fetches.get();
		}

		/** Answers the public keys with these ids from now on. */
		void publish(String... kids) {
			List<JWK> keys = Arrays.stream(kids)
				.map((kid) -> (JWK) new RSAKey.Builder(material.toPublicJWK()).keyID(kid).build())
				.toList();
			this.published = new JWKSet(keys).toString();
			this.failing = false;
		}

		/** Answers 500 from now on. */
		void fail() {
			this.failing = true;
		}

		/** Holds requests from now on, until {@link #release()}. */
		void hang() {
			this.hanging = new CountDownLatch(1);
		}

		/** Answers the held requests and the following ones. */
		void release() {
			this.hanging.countDown();
		}

		private void answer(HttpExchange exchange) throws IOException {
			this.fetches.incrementAndGet();
			try {
				if (!this.hanging.await(30, TimeUnit.SECONDS)) {
					return;
				}
				byte[] body = (this.failing ? "down" : this.published).getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(this.failing ? 500 : 200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				exchange.close();
			}
		}

		@Override
		public void close() {
			release();
			this.server.stop(0);
			this.threads.shutdownNow();
		}

	}

}
