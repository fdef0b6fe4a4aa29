package dev.sponge.api;

import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.oidcissuer.OidcIssuer;
import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication with real tokens from the real issuer (keys fetched by the service from
 * its JWKS), the role boundaries, and tenant isolation.
 */
@IntegrationTest
class SecurityIntegrationTest {

	private static final long DAY = 1764028800000L;

	private final Api api;

	private final String tenant = Tokens.uniqueTenant();

	SecurityIntegrationTest(@Autowired WebTestClient client) {
		this.api = new Api(client);
	}

	@Test
	void requestWithoutTokenIs401WithBearerChallenge() {
		this.api.get(null, "/api/v1/metrics", (q) -> {
		})
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("A valid bearer token is required");
	}

	@Test
	void expiredTokenIs401() {
		JWTClaimsSet claims = Tokens.validClaims(this.tenant)
			.issueTime(Date.from(Instant.now().minusSeconds(3600)))
			.notBeforeTime(Date.from(Instant.now().minusSeconds(3600)))
			.expirationTime(Date.from(Instant.now().minusSeconds(600)))
			.build();
		assertRejected(Tokens.signedByIssuer(claims), "expired");
	}

	@Test
	void tokenNotYetValidIs401() {
		JWTClaimsSet claims = Tokens.validClaims(this.tenant)
			.notBeforeTime(Date.from(Instant.now().plusSeconds(600)))
			.build();
		assertRejected(Tokens.signedByIssuer(claims), "invalid_token");
	}

	@Test
	void tokenOfAnotherIssuerIs401() {
		JWTClaimsSet claims = Tokens.validClaims(this.tenant).issuer("https://evil.example/oauth2/default").build();
		assertRejected(Tokens.signedByIssuer(claims), "iss");
	}

	@Test
	void tokenForAnotherAudienceIs401() {
		assertRejected(Tokens.forAudience(this.tenant, "some-other-api"), "aud");
	}

	@Test
	void tokenSignedWithAnUnknownKeyIs401() throws JOSEException {
		RSAKey stranger = new RSAKeyGenerator(2048).keyID(Tokens.ISSUER_ID + "-stranger").generate();
		assertRejected(Tokens.sign(Tokens.validClaims(this.tenant).build(), stranger), "invalid_token");
	}

	@Test
	void tokenSignedWithHs256UsingThePublicKeyAsSecretIs401() throws JOSEException {
		RSAKey issuerKey = OidcIssuer.shared().signingKey();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(issuerKey.getKeyID()).build(),
				Tokens.validClaims(this.tenant).build());
		jwt.sign(new MACSigner(issuerKey.toPublicKey().getEncoded()));
		assertRejected(jwt.serialize(), "invalid_token");
	}

	@Test
	void tokenWithAnUnknownKeyIdIs401() throws JOSEException {
		RSAKey renamed = new RSAKey.Builder(OidcIssuer.shared().signingKey()).keyID("not-a-published-kid").build();
		assertRejected(Tokens.sign(Tokens.validClaims(this.tenant).build(), renamed), "invalid_token");
	}

	@Test
	void unsignedAlgNoneTokenIs401() {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
		String payload = base64.encodeToString(Tokens.validClaims(this.tenant).build().toString().getBytes());
		assertRejected(header + "." + payload + ".", "invalid_token");
	}

	@Test
	void tamperedPayloadIs401() {
		String token = Tokens.writerReader(this.tenant);
		String[] parts = token.split("\\.");
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace(this.tenant, "someoneelse");
		assertRejected(parts[0] + "." + base64.encodeToString(payload.getBytes()) + "." + parts[2], "invalid_token");
	}

	@Test
	void readerCannotWrite() {
		String reader = Tokens.withGroups(this.tenant, "sponge-reader");
		this.api.ingest(reader, List.of(series("m", Map.of(), List.of(List.of(DAY, 1)))))
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("WRITER"));
		this.api.get(reader, "/api/v1/metrics", (q) -> {
		}).expectStatus().isOk().expectBody().jsonPath("$.metrics").isEmpty();
	}

	@Test
	void writerWithoutReaderCannotRead() {
		String writer = Tokens.withGroups(this.tenant, "sponge-writer");
		this.api.ingested(writer, List.of(series("m", Map.of(), List.of(List.of(DAY, 1)))));
		this.api.get(writer, "/api/v1/metrics", (q) -> {
		})
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("READER"));
	}

	@Test
	void adminCanWriteAndRead() {
		String admin = Tokens.withGroups(this.tenant, "sponge-admin");
		this.api.ingested(admin, List.of(series("m", Map.of(), List.of(List.of(DAY, 1)))));
		this.api.get(admin, "/api/v1/metrics", (q) -> {
		}).expectStatus().isOk().expectBody().jsonPath("$.metrics[0]").isEqualTo("m");
	}

	@Test
	void scopesGrantRolesLikeGroups() {
		String token = Tokens.withScopes(this.tenant, "sponge:write", "sponge:read");
		this.api.ingested(token, List.of(series("m", Map.of(), List.of(List.of(DAY, 1)))));
		this.api.get(token, "/api/v1/metrics", (q) -> {
		}).expectStatus().isOk().expectBody().jsonPath("$.metrics[0]").isEqualTo("m");
		this.api.get(Tokens.withScopes(this.tenant, "sponge:everything"), "/api/v1/metrics", (q) -> {
		})
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("READER"));
	}

	@Test
	void tokenWithoutTenantIs403EvenForAnAdmin() {
		this.api.get(Tokens.withoutTenant(), "/api/v1/metrics", (q) -> {
		})
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("'tenant' claim"));
	}

	@Test
	void anotherTenantSeesNothingOfTheData() {
		String owner = Tokens.writerReader(this.tenant);
		this.api.ingested(owner, List.of(series("secret", Map.of("k", "v"), List.of(List.of(DAY, 42)))));
		this.api.get(owner, "/api/v1/latest", (q) -> q.queryParam("metric", "secret"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series.length()")
			.isEqualTo(1);

		String intruder = Tokens.writerReader(Tokens.uniqueTenant());
		this.api.get(intruder, "/api/v1/metrics", (q) -> {
		}).expectStatus().isOk().expectBody().jsonPath("$.metrics.length()").isEqualTo(0);
		this.api.get(intruder, "/api/v1/series", (q) -> q.queryParam("metric", "secret"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series.length()")
			.isEqualTo(0);
		this.api.get(intruder, "/api/v1/latest", (q) -> q.queryParam("metric", "secret"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series.length()")
			.isEqualTo(0);
		this.api
			.get(intruder, "/api/v1/points",
					(q) -> q.queryParam("metric", "secret").queryParam("from", DAY - 1).queryParam("to", DAY + 1))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series.length()")
			.isEqualTo(0);
	}

	@Test
	void aCursorFromAnotherTenantIsRefused() {
		String owner = Tokens.writerReader(this.tenant);
		this.api.ingested(owner, List.of(series("c", Map.of(), List.of(List.of(DAY, 1), List.of(DAY + 1, 2)))));
		String cursor = (String) this.api
			.points(owner,
					(q) -> q.queryParam("metric", "c")
						.queryParam("from", DAY)
						.queryParam("to", DAY + 10)
						.queryParam("limit", 1))
			.get("next");
		assertThat(cursor).isNotNull();
		String intruder = Tokens.writerReader(Tokens.uniqueTenant());
		this.api.get(intruder, "/api/v1/points", (q) -> q.queryParam("metric", "c").queryParam("cursor", cursor))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("The cursor"));
	}

	private void assertRejected(String token, String mentioned) {
		this.api.get(token, "/api/v1/metrics", (q) -> {
		})
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE,
					(challenge) -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\"")
						.contains(mentioned))
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401);
	}

}
