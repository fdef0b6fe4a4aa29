package dev.sponge.oidcissuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OidcIssuerTest {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static OidcIssuer issuer;

	@BeforeAll
	static void startIssuer() {
		issuer = OidcIssuer.start(0);
	}

	@AfterAll
	static void stopIssuer() {
		issuer.close();
		assertThat(issuer.isRunning()).isFalse();
	}

	@Test
	void servesDiscoveryForTheIssuerId() throws Exception {
		Map<String, Object> discovery = JSONObjectUtils
			.parse(get(issuer.issuerUri(OidcIssuer.DEFAULT_ISSUER_ID) + "/.well-known/openid-configuration"));

		assertThat(issuer.issuerUri(OidcIssuer.DEFAULT_ISSUER_ID))
			.isEqualTo("http://localhost:" + issuer.port() + "/sponge");
		assertThat(discovery.get("issuer")).isEqualTo(issuer.issuerUri("sponge"));
		assertThat(discovery.get("jwks_uri")).isEqualTo(issuer.jwksUri("sponge"));
		assertThat(discovery.get("token_endpoint")).isEqualTo(issuer.tokenUri("sponge"));
	}

	@Test
	void issuesTokensWithTheRequestedClaimsSignedWithThePublishedKey() throws Exception {
		String token = issuer.fetchToken(TokenRequest.of("alice", "demo", "sponge-writer", "sponge-reader")
			.withScopes("sponge:read", "sponge:write"));

		JWTClaimsSet claims = verify(token, OidcIssuer.DEFAULT_ISSUER_ID);

		assertThat(claims.getIssuer()).isEqualTo(issuer.issuerUri("sponge"));
		assertThat(claims.getAudience()).containsExactly("sponge-api");
		assertThat(claims.getSubject()).isEqualTo("alice");
		assertThat(claims.getStringClaim("tenant")).isEqualTo("demo");
		assertThat(claims.getStringListClaim("groups")).containsExactly("sponge-writer", "sponge-reader");
		assertThat(claims.getStringClaim("scope")).isEqualTo("sponge:read sponge:write");
		assertThat(claims.getExpirationTime()).isAfter(Date.from(Instant.now().plusSeconds(3000)))
			.isBefore(Date.from(Instant.now().plusSeconds(3700)));
		assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo("sponge");
	}

	@Test
	void leavesOutClaimsThatAreNotRequested() throws Exception {
		JWTClaimsSet claims = verify(issuer.fetchToken(TokenRequest.forSubject("bob").withAudience("")), "sponge");

		assertThat(claims.getSubject()).isEqualTo("bob");
		assertThat(claims.getClaims()).doesNotContainKeys("aud", "tenant", "groups", "scope");
	}

	@Test
	void supportsEmptyAndMaximalGroupListsAndOtherAudiences() throws Exception {
		List<String> many = IntStream.rangeClosed(1, TokenRequest.MAX_GROUPS).mapToObj((i) -> "g" + i).toList();
		JWTClaimsSet full = verify(
				issuer.fetchToken(
						TokenRequest.forSubject("carol").withTenant("acme").withGroups(many).withAudience("other-api")),
				"sponge");
		JWTClaimsSet empty = verify(issuer.fetchToken(TokenRequest.forSubject("dave").withGroups()), "sponge");

		assertThat(full.getStringListClaim("groups")).isEqualTo(many);
		assertThat(full.getAudience()).containsExactly("other-api");
		assertThat(empty.getStringListClaim("groups")).isEmpty();
		assertThat(empty.getClaims()).doesNotContainKey("tenant");
		List<String> tooMany = new ArrayList<>(many);
		tooMany.add("one-more");
		assertThatThrownBy(() -> TokenRequest.forSubject("x").withGroups(tooMany))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void tokensCraftedWithTheSigningKeyVerifyAgainstThePublishedJwks() throws Exception {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
					.keyID(issuer.signingKey().getKeyID())
					.build(),
				new JWTClaimsSet.Builder().issuer(issuer.issuerUri("sponge"))
					.subject("mallory")
					.audience("sponge-api")
					.claim("tenant", "globex")
					.expirationTime(Date.from(Instant.now().plusSeconds(60)))
					.build());
		jwt.sign(new RSASSASigner(issuer.signingKey()));

		assertThat(verify(jwt.serialize(), "sponge").getStringClaim("tenant")).isEqualTo("globex");
	}

	@Test
	void theOtherIssuerSignsWithAnUnrelatedKey() throws Exception {
		String token = issuer
			.fetchToken(TokenRequest.of("eve", "demo", "sponge-reader").withIssuerId(OidcIssuer.OTHER_ISSUER_ID));

		assertThat(verify(token, OidcIssuer.OTHER_ISSUER_ID).getIssuer()).isEqualTo(issuer.issuerUri("other"));
		assertThatThrownBy(() -> verify(token, OidcIssuer.DEFAULT_ISSUER_ID)).isInstanceOf(BadJOSEException.class);
	}

	@Test
	void handWrittenRequestsCanUseProfiles() throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(issuer.tokenUri("sponge")))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("grant_type=client_credentials&client_id=cli&client_secret=x&profile=demo-writer"))
			.build(), HttpResponse.BodyHandlers.ofString());
		String token = JSONObjectUtils.parse(response.body()).get("access_token").toString();

		JWTClaimsSet claims = verify(token, "sponge");
		assertThat(claims.getSubject()).isEqualTo("cli");
		assertThat(claims.getStringClaim("tenant")).isEqualTo("demo");
		assertThat(claims.getStringListClaim("groups")).containsExactly("sponge-writer", "sponge-reader");
	}

	/**
	 * Verifies signature and expiry the way a resource server would: keys from the JWKS
	 * URI over HTTP.
	 */
	private static JWTClaimsSet verify(String token, String issuerId) throws Exception {
		JWKSet jwks = JWKSet.parse(get(issuer.jwksUri(issuerId)));
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks)));
		return processor.process(token, null);
	}

	private static String get(String uri) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
		return response.body();
	}

}
