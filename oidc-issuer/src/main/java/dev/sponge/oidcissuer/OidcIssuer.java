package dev.sponge.oidcissuer;

import dev.sponge.forkedjvm.Directories;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.sponge.forkedjvm.ForkedJvm;
import dev.sponge.forkedjvm.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real OIDC issuer (mock-oauth2-server, from {@code oidc-issuer/target/issuer-lib}) in
 * its own JVM.
 *
 * <p>
 * It serves discovery, JWKS and a token endpoint for the issuer ids
 * {@link #DEFAULT_ISSUER_ID} and {@link #OTHER_ISSUER_ID} at
 * {@code http://localhost:PORT/ID}. The default issuer signs with {@link #signingKey()},
 * generated at start, so tests can also sign their own tokens (expired, not yet valid,
 * ...) that verify against the published JWKS; the other issuer has an unrelated key, for
 * wrong-issuer tests. {@link #fetchToken(TokenRequest)} obtains tokens with the claims of
 * a {@link TokenRequest} over HTTP: a client_credentials request whose
 * {@code sponge_claims} parameter selects one of the issuer's pre-configured claim
 * layouts (tenant or not, 0 to {@link TokenRequest#MAX_GROUPS} groups, scope or not,
 * audience or not) and whose {@code sponge_sub}, {@code sponge_aud},
 * {@code sponge_tenant}, {@code sponge_group_N} and {@code scope} parameters fill in the
 * values (mock-oauth2-server templating cannot add list elements itself). Hand-written
 * requests can pass {@code profile=NAME} for a ready-made claim set with sub = client_id:
 * {@code demo-writer}, {@code demo-reader}, {@code demo-writer-only}, {@code demo-admin},
 * {@code acme-writer}, {@code globex-reader}, {@code demo-scopes} (scope "sponge:read
 * sponge:write") and {@code no-tenant}; without a profile they get only sub = client_id
 * and aud = sponge-api.
 *
 * <p>
 * Tokens last one hour, except for client ids containing {@code -expires-in-Ns}
 * ({@code N} seconds, at sign-in and at every refresh); client ids ending in
 * {@code -no-refresh} have their refresh tokens refused (see {@code ShortLivedClients}).
 *
 * <p>
 * Signing keys rotate on request ({@link #rotateKey(String)},
 * {@link #retireKey(String, String)}; over HTTP {@code POST /ID/keys/rotate} and
 * {@code POST /ID/keys/retire?kid=KID}, see {@link KeyRotatingIssuer}), without
 * restarting the issuer. {@link #jwksFetches(String)} tells how often the JWKS was
 * fetched (over HTTP {@code GET /ID/jwks-fetches}), so tests can see what a service made
 * the issuer do.
 */
public final class OidcIssuer implements AutoCloseable {

	/** Issuer id the service is configured with. */
	public static final String DEFAULT_ISSUER_ID = "sponge";

	/** A second issuer with its own, unrelated signing key. */
	public static final String OTHER_ISSUER_ID = "other";

	/**
	 * Client id sent with {@link #fetchToken(TokenRequest)}; mock-oauth2-server accepts
	 * any client.
	 */
	public static final String CLIENT_ID = "sponge-test-client";

	private static final System.Logger LOG = System.getLogger(OidcIssuer.class.getName());

	// By name: the class needs mock-oauth2-server, which only the issuer's JVM has.
	private static final String MAIN_CLASS = "dev.sponge.oidcissuer.KeyRotatingIssuer";

	private static final List<String> ISSUER_IDS = List.of(DEFAULT_ISSUER_ID, OTHER_ISSUER_ID);

	private static OidcIssuer shared;

	private final int port;

	private final RSAKey signingKey;

	private final Path workDir;

	private final ForkedJvm jvm;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private OidcIssuer(int port, RSAKey signingKey, Path workDir, ForkedJvm jvm) {
		this.port = port;
		this.signingKey = signingKey;
		this.workDir = workDir;
		this.jvm = jvm;
	}

	/**
	 * Starts an issuer and waits until its discovery document is served.
	 * @param port TCP port on 127.0.0.1, 0 for a free one
	 * @return the running issuer
	 */
	public static OidcIssuer start(int port) {
		int actualPort = port == 0 ? Ports.freePort() : port;
		if (Ports.isOpen("127.0.0.1", actualPort)) {
			throw new IllegalStateException("Port " + actualPort + " is already in use");
		}
		RSAKey key = generateKey();
		Path dir = IssuerLaunch.workDir();
		Path config = dir.resolve("config.json");
		writeString(config, IssuerConfig.json(key, ISSUER_IDS));
		ForkedJvm jvm = IssuerLaunch.jvm(MAIN_CLASS, actualPort, config, dir.resolve("issuer.log")).start();
		OidcIssuer issuer = new OidcIssuer(actualPort, key, dir, jvm);
		try {
			jvm.await("OIDC discovery on port " + actualPort, Duration.ofSeconds(60),
					() -> issuer.get(issuer.issuerUri(DEFAULT_ISSUER_ID) + "/.well-known/openid-configuration")
						.statusCode() == 200);
			issuer.claimSigningKey();
		}
		catch (RuntimeException e) {
			issuer.close();
			throw e;
		}
		LOG.log(Level.INFO, "OIDC issuer ready at {0}", issuer.issuerUri(DEFAULT_ISSUER_ID));
		return issuer;
	}

	/**
	 * @return one issuer per JVM on a free port, started on first use and closed when the
	 * JVM exits
	 */
	public static synchronized OidcIssuer shared() {
		if (shared == null || !shared.jvm.isAlive()) {
			shared = start(0);
			OidcIssuer issuer = shared;
			Runtime.getRuntime().addShutdownHook(new Thread(issuer::close, "oidc-issuer-shared-close"));
		}
		return shared;
	}

	/**
	 * @return the TCP port the issuer listens on
	 */
	public int port() {
		return port;
	}

	/**
	 * @param issuerId e.g. {@link #DEFAULT_ISSUER_ID}
	 * @return the issuer URI ({@code iss} claim), e.g.
	 * {@code http://localhost:PORT/sponge}
	 */
	public String issuerUri(String issuerId) {
		return "http://localhost:" + port + "/" + issuerId;
	}

	/**
	 * @param issuerId e.g. {@link #DEFAULT_ISSUER_ID}
	 * @return the JWKS URI of {@code issuerId}
	 */
	public String jwksUri(String issuerId) {
		return issuerUri(issuerId) + "/jwks";
	}

	/**
	 * @param issuerId e.g. {@link #DEFAULT_ISSUER_ID}
	 * @return the token endpoint of {@code issuerId}
	 */
	public String tokenUri(String issuerId) {
		return issuerUri(issuerId) + "/token";
	}

	/**
	 * @return the key {@link #DEFAULT_ISSUER_ID} signs with, private part included; key
	 * id "sponge"
	 */
	public RSAKey signingKey() {
		return signingKey;
	}

	/**
	 * The form parameters, besides the grant and the client's, that get a token with
	 * {@code request}'s claims from the token endpoint: what a client that fetches its
	 * own tokens (Prometheus' {@code oauth2 endpoint_params}, say) sends.
	 * @param request the claims wanted
	 * @return parameter names and values
	 */
	public static Map<String, String> tokenFormParams(TokenRequest request) {
		return IssuerConfig.formParams(request);
	}

	/**
	 * Requests an access token from the issuer's token endpoint (client_credentials
	 * grant).
	 * @param request the claims wanted
	 * @return the signed JWT
	 */
	public String fetchToken(TokenRequest request) {
		if (!ISSUER_IDS.contains(request.issuerId())) {
			throw new IllegalArgumentException(
					"Unknown issuer id " + request.issuerId() + "; use one of " + ISSUER_IDS);
		}
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "client_credentials");
		form.put("client_id", CLIENT_ID);
		form.put("client_secret", "unused");
		form.putAll(IssuerConfig.formParams(request));
		String body = form.entrySet()
			.stream()
			.map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
			.collect(Collectors.joining("&"));
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(tokenUri(request.issuerId())))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Token request failed: " + response.statusCode() + " " + response.body());
		}
		try {
			return com.nimbusds.jose.util.JSONObjectUtils.parse(response.body()).get("access_token").toString();
		}
		catch (ParseException e) {
			throw new IllegalStateException("Unexpected token response " + response.body(), e);
		}
	}

	/**
	 * Rotates {@code issuerId}'s signing key: the issuer signs new tokens with a fresh
	 * key under a new key id and publishes it in its JWKS next to the keys published so
	 * far. {@link #signingKey()} stays the first key.
	 * @param issuerId e.g. {@link #DEFAULT_ISSUER_ID}
	 * @return the new key id
	 */
	public String rotateKey(String issuerId) {
		return post(issuerUri(issuerId) + "/keys/rotate");
	}

	/**
	 * Stops publishing a key in {@code issuerId}'s JWKS; tokens signed with it no longer
	 * verify against the issuer.
	 * @param issuerId e.g. {@link #DEFAULT_ISSUER_ID}
	 * @param keyId a published key id other than the current signing key's
	 */
	public void retireKey(String issuerId, String keyId) {
		post(issuerUri(issuerId) + "/keys/retire?kid=" + encode(keyId));
	}

	/**
	 * Counts the answered requests for {@code issuerId}'s JWKS ({@link #jwksUri(String)})
	 * since the issuer started, including the one {@link #start(int)} makes for the
	 * default issuer; compare two readings.
	 * @param issuerId e.g. {@link #DEFAULT_ISSUER_ID}
	 * @return the number of JWKS fetches so far
	 */
	public int jwksFetches(String issuerId) {
		HttpResponse<String> response = get(issuerUri(issuerId) + "/jwks-fetches");
		if (response.statusCode() != 200) {
			throw new IllegalStateException(
					"GET jwks-fetches failed: " + response.statusCode() + " " + response.body());
		}
		return Integer.parseInt(response.body().trim());
	}

	/**
	 * @return whether the issuer's JVM is running
	 */
	public boolean isRunning() {
		return jvm.isAlive();
	}

	/** Stops the issuer and deletes its working directory. Idempotent. */
	@Override
	public void close() {
		jvm.stop(Duration.ofSeconds(10));
		Directories.deleteRecursively(workDir);
	}

	/** Blocks until the issuer's JVM exits (foreground mode). */
	int awaitExit() throws InterruptedException {
		return jvm.waitFor();
	}

	/**
	 * mock-oauth2-server gives the configured key to the first issuer id whose key is
	 * requested, so ask for the default issuer's JWKS first thing, and check it really
	 * publishes our key.
	 */
	private void claimSigningKey() {
		HttpResponse<String> response = get(jwksUri(DEFAULT_ISSUER_ID));
		try {
			RSAPublicKey published = JWKSet.parse(response.body()).getKeys().get(0).toRSAKey().toRSAPublicKey();
			if (!published.getModulus().equals(signingKey.toRSAPublicKey().getModulus())) {
				throw new IllegalStateException("Issuer publishes a different key than configured: " + response.body());
			}
		}
		catch (ParseException | JOSEException e) {
			throw new IllegalStateException("Unexpected JWKS " + response.body(), e);
		}
	}

	private String post(String uri) {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.noBody()).build());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(
					"POST " + uri + " failed: " + response.statusCode() + " " + response.body());
		}
		return response.body();
	}

	private HttpResponse<String> get(String uri) {
		return send(HttpRequest.newBuilder(URI.create(uri)).GET().build());
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(
					HttpRequest.newBuilder(request, (name, value) -> true).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException e) {
			throw new UncheckedIOException("HTTP " + request.method() + " " + request.uri() + " failed", e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", e);
		}
	}

	private static RSAKey generateKey() {
		try {
			// The server renames keys to their issuer id; use that id from the start so
			// both sides agree.
			return new RSAKeyGenerator(2048).keyID(DEFAULT_ISSUER_ID)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate();
		}
		catch (JOSEException e) {
			throw new IllegalStateException("Cannot generate an RSA key", e);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static void writeString(Path file, String content) {
		try {
			Files.writeString(file, content);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
